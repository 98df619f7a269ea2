/** The web app's entry: data through TanStack Query on the typed tRPC client, pages by URL. */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { isUnauthorized } from './api.ts';
import { Layout } from './components/Layout.tsx';
import { AuthPage } from './pages/AuthPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { ProjectPage } from './pages/ProjectPage.tsx';
import { WorkspacePage } from './pages/WorkspacePage.tsx';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    // A 401 means signed out: asking again will not help; other failures get one retry.
    queries: { retry: (count, error) => !isUnauthorized(error) && count < 1, refetchOnWindowFocus: false },
  },
});

const router = createBrowserRouter([
  { path: '/signin', element: <AuthPage mode="signin" /> },
  { path: '/signup', element: <AuthPage mode="signup" /> },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/workspaces/:workspaceId', element: <WorkspacePage /> },
      { path: '/workspaces/:workspaceId/analytics', lazy: () => import('./pages/AnalyticsPage.tsx').then((m) => ({ Component: m.AnalyticsPage })) },
      { path: '/projects/:projectId', element: <ProjectPage /> },
      { path: '/prompts/:promptId', lazy: () => import('./pages/PromptPage.tsx').then((m) => ({ Component: m.PromptPage })) },
      { path: '/experiments/:experimentId', lazy: () => import('./pages/experiment/ExperimentPage.tsx').then((m) => ({ Component: m.ExperimentPage })) },
      { path: '/ab-tests/:testId', lazy: () => import('./pages/AbTestPage.tsx').then((m) => ({ Component: m.AbTestPage })) },
      // Pages for administration and the account, loaded when first opened so the first load stays small.
      { path: '/workspaces/:workspaceId/members', lazy: () => import('./pages/workspace/MembersPage.tsx').then((m) => ({ Component: m.MembersPage })) },
      { path: '/workspaces/:workspaceId/settings', lazy: () => import('./pages/workspace/SettingsPage.tsx').then((m) => ({ Component: m.SettingsPage })) },
      { path: '/workspaces/:workspaceId/webhooks', lazy: () => import('./pages/workspace/WebhooksPage.tsx').then((m) => ({ Component: m.WebhooksPage })) },
      { path: '/workspaces/:workspaceId/api-keys', lazy: () => import('./pages/workspace/ApiKeysPage.tsx').then((m) => ({ Component: m.ApiKeysPage })) },
      {
        path: '/workspaces/:workspaceId/provider-keys',
        lazy: () => import('./pages/workspace/ProviderKeysPage.tsx').then((m) => ({ Component: m.ProviderKeysPage })),
      },
      { path: '/invitations/:invitationId', lazy: () => import('./pages/InvitationPage.tsx').then((m) => ({ Component: m.InvitationPage })) },
      { path: '/account', lazy: () => import('./pages/AccountPage.tsx').then((m) => ({ Component: m.AccountPage })) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  </StrictMode>,
);
