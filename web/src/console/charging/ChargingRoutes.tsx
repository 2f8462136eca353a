import { Navigate, Route, Routes } from 'react-router-dom';
import Revenue from './Revenue.tsx';
import SessionDetail from './SessionDetail.tsx';
import Sessions from './Sessions.tsx';
import StationDetail from './StationDetail.tsx';
import Stations from './Stations.tsx';
import TariffEditor from './TariffEditor.tsx';
import Tariffs from './Tariffs.tsx';

/** The console's charging screens, mounted by the shell under its charging path. */
export default function ChargingRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="stations" replace />} />
      <Route path="stations" element={<Stations />} />
      <Route path="stations/:id" element={<StationDetail />} />
      <Route path="sessions" element={<Sessions />} />
      <Route path="sessions/:id" element={<SessionDetail />} />
      <Route path="tariffs" element={<Tariffs />} />
      <Route path="tariffs/:id" element={<TariffEditor />} />
      <Route path="revenue" element={<Revenue />} />
    </Routes>
  );
}
