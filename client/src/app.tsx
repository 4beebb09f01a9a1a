import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { Layout } from './components/layout';
import { Loading, Toasts } from './components/ui';
import { loadMe } from './lib/auth';
import { currentUser, isManager, isStaff, tokens } from './lib/session';

const Login = lazy(() => import('./pages/Login').then((m) => m.Login));
const Register = lazy(() => import('./pages/Register').then((m) => m.Register));
const Dashboard = lazy(() => import('./pages/Dashboard').then((m) => m.Dashboard));
const Company = lazy(() => import('./pages/Company').then((m) => m.Company));
const Employees = lazy(() => import('./pages/Employees').then((m) => m.Employees));
const Partnerships = lazy(() => import('./pages/Partnerships').then((m) => m.Partnerships));
const Settings = lazy(() => import('./pages/Settings').then((m) => m.Settings));
const Jobs = lazy(() => import('./pages/Jobs').then((m) => m.Jobs));
const JobDetail = lazy(() => import('./pages/JobDetail').then((m) => m.JobDetail));
const MyApplications = lazy(() => import('./pages/MyApplications').then((m) => m.MyApplications));
const ManageJobs = lazy(() => import('./pages/ManageJobs').then((m) => m.ManageJobs));
const ManageJob = lazy(() => import('./pages/ManageJob').then((m) => m.ManageJob));
const Webhooks = lazy(() => import('./pages/Webhooks').then((m) => m.Webhooks));
const NotFound = lazy(() => import('./pages/NotFound').then((m) => m.NotFound));

/** Renders `page` only for a signed-in user (and, with `need`, the right role); otherwise sends them to log in. */
function Guard({ page: Page, need, ...rest }: { page: ComponentType<any>; need?: 'manager' | 'staff' }) {
  const { route, url } = useLocation();
  const signedIn = Boolean(tokens.value);
  useEffect(() => {
    if (!signedIn) route(`/login?next=${encodeURIComponent(url)}`, true);
  }, [signedIn]);
  if (!signedIn) return null;
  if (!currentUser.value) return <Loading />;
  if ((need === 'manager' && !isManager.value) || (need === 'staff' && !isStaff.value)) {
    return <p class="alert alert--error">Your role cannot open this page.</p>;
  }
  return <Page {...rest} />;
}

const guarded = (page: ComponentType<any>, need?: 'manager' | 'staff') => (props: Record<string, unknown>) => (
  <Guard page={page} need={need} {...props} />
);

const DashboardPage = guarded(Dashboard);
const CompanyPage = guarded(Company);
const EmployeesPage = guarded(Employees);
const PartnershipsPage = guarded(Partnerships);
const SettingsPage = guarded(Settings, 'staff');
const MyApplicationsPage = guarded(MyApplications);
const ManageJobsPage = guarded(ManageJobs, 'manager');
const ManageJobPage = guarded(ManageJob, 'manager');
const WebhooksPage = guarded(Webhooks, 'manager');

function Home() {
  const { route } = useLocation();
  useEffect(() => route(tokens.value ? '/dashboard' : '/jobs', true), []);
  return null;
}

export function App() {
  const [ready, setReady] = useState(!tokens.value);
  useEffect(() => {
    if (tokens.value) void loadMe().catch(() => undefined).finally(() => setReady(true));
  }, []);
  return (
    <LocationProvider>
      <Layout>
        <ErrorBoundary onError={(e) => console.error(e)}>
          {ready ? (
            <Router>
              <Route path="/" component={Home} />
              <Route path="/login" component={Login} />
              <Route path="/register" component={Register} />
              <Route path="/dashboard" component={DashboardPage} />
              <Route path="/company" component={CompanyPage} />
              <Route path="/employees" component={EmployeesPage} />
              <Route path="/partnerships" component={PartnershipsPage} />
              <Route path="/settings" component={SettingsPage} />
              <Route path="/jobs" component={Jobs} />
              <Route path="/jobs/:id" component={JobDetail} />
              <Route path="/applications" component={MyApplicationsPage} />
              <Route path="/manage/jobs" component={ManageJobsPage} />
              <Route path="/manage/jobs/:id" component={ManageJobPage} />
              <Route path="/webhooks" component={WebhooksPage} />
              <Route default component={NotFound} />
            </Router>
          ) : (
            <Loading />
          )}
        </ErrorBoundary>
      </Layout>
      <Toasts />
    </LocationProvider>
  );
}
