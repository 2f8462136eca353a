import { Navigate, Route, Routes } from 'react-router-dom';
import Decisions from './Decisions.tsx';
import Lists from './Lists.tsx';
import ReviewDetail from './ReviewDetail.tsx';
import ReviewQueue from './ReviewQueue.tsx';
import Rules from './Rules.tsx';

/** The console's risk screens, mounted by the shell under its risk path. */
export default function RiskRoutes() {
  return (
    <Routes>
      <Route index element={<Navigate to="reviews" replace />} />
      <Route path="reviews" element={<ReviewQueue />} />
      <Route path="reviews/:id" element={<ReviewDetail />} />
      <Route path="rules" element={<Rules />} />
      <Route path="lists" element={<Lists />} />
      <Route path="decisions" element={<Decisions />} />
    </Routes>
  );
}
