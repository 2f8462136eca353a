import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { I18nProvider } from './i18n.tsx';

/**
 * One application, two surfaces: /console (operators and merchants, Ant
 * Design) and /m (consumers' phone pages). Each is its own chunk.
 */
const ConsoleApp = lazy(() => import('./console/ConsoleApp.tsx'));
const MobileApp = lazy(() => import('./m/MobileApp.tsx'));

function Loading() {
  return <div style={{ padding: 24, color: '#888' }}>…</div>;
}

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <I18nProvider>
      <BrowserRouter>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/console/*" element={<ConsoleApp />} />
            <Route path="/m/*" element={<MobileApp />} />
            <Route path="*" element={<Navigate to="/console" replace />} />
          </Routes>
        </Suspense>
      </BrowserRouter>
    </I18nProvider>
  </StrictMode>,
);
