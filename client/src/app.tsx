import { ErrorBoundary, LocationProvider, Route, Router, lazy, useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import { Layout } from './components/layout';
import { Loading, NoAccessView, Toasts } from './components/ui';
import { t } from './i18n';
import { currentUser, isManager, isStaff, signedIn } from './lib/session';

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
const ApiKeys = lazy(() => import('./pages/ApiKeys').then((m) => m.ApiKeys));
const Audit = lazy(() => import('./pages/Audit').then((m) => m.Audit));
const Assistant = lazy(() => import('./pages/Assistant').then((m) => m.Assistant));
const WorkOrders = lazy(() => import('./pages/WorkOrders').then((m) => m.WorkOrders));
const WorkOrder = lazy(() => import('./pages/WorkOrder').then((m) => m.WorkOrder));
const ContractedWorkOrder = lazy(() => import('./pages/WorkOrder').then((m) => m.ContractedWorkOrder));
const Contracted = lazy(() => import('./pages/Contracted').then((m) => m.Contracted));
const Assets = lazy(() => import('./pages/Assets').then((m) => m.Assets));
const Asset = lazy(() => import('./pages/Asset').then((m) => m.Asset));
const Parts = lazy(() => import('./pages/Parts').then((m) => m.Parts));
const MaintenanceRequests = lazy(() => import('./pages/MaintenanceRequests').then((m) => m.MaintenanceRequests));
const MaintenanceKpis = lazy(() => import('./pages/MaintenanceKpis').then((m) => m.MaintenanceKpis));
const PublicRequest = lazy(() => import('./pages/PublicRequest').then((m) => m.PublicRequest));
const Services = lazy(() => import('./pages/Services').then((m) => m.Services));
const ServiceRequest = lazy(() => import('./pages/ServiceRequest').then((m) => m.ServiceRequest));
const MyProposals = lazy(() => import('./pages/MyProposals').then((m) => m.MyProposals));
const Engagements = lazy(() => import('./pages/Engagements').then((m) => m.Engagements));
const Offerings = lazy(() => import('./pages/Offerings').then((m) => m.Offerings));
const Notes = lazy(() => import('./pages/Notes').then((m) => m.Notes));
const Note = lazy(() => import('./pages/Note').then((m) => m.Note));
const NewNote = lazy(() => import('./pages/Note').then((m) => m.NewNote));
const NoteHistory = lazy(() => import('./pages/NoteHistory').then((m) => m.NoteHistory));
const NotesGraph = lazy(() => import('./pages/NotesGraph').then((m) => m.NotesGraph));
const NotesTrash = lazy(() => import('./pages/NotesTrash').then((m) => m.NotesTrash));
const FieldBoard = lazy(() => import('./pages/FieldBoard').then((m) => m.FieldBoard));
const MyDay = lazy(() => import('./pages/MyDay').then((m) => m.MyDay));
const FieldVisit = lazy(() => import('./pages/FieldVisit').then((m) => m.FieldVisit));
const FieldJobs = lazy(() => import('./pages/FieldJobs').then((m) => m.FieldJobs));
const FieldJob = lazy(() => import('./pages/FieldJob').then((m) => m.FieldJob));
const FieldCustomers = lazy(() => import('./pages/FieldCustomers').then((m) => m.FieldCustomers));
const FieldCustomer = lazy(() => import('./pages/FieldCustomer').then((m) => m.FieldCustomer));
const Technicians = lazy(() => import('./pages/Technicians').then((m) => m.Technicians));
const Track = lazy(() => import('./pages/Track').then((m) => m.Track));
const NotFound = lazy(() => import('./pages/NotFound').then((m) => m.NotFound));

/** Renders `page` only for a signed-in user (and, with `need`, the right role); otherwise sends them to log in. */
function Guard({ page: Page, need, ...rest }: { page: ComponentType<any>; need?: 'manager' | 'staff' }) {
  const { route, url } = useLocation();
  const inside = signedIn.value;
  useEffect(() => {
    if (!inside) route(`/login?next=${encodeURIComponent(url)}`, true);
  }, [inside]);
  if (!inside) return null;
  if (!currentUser.value) return <Loading />;
  if ((need === 'manager' && !isManager.value) || (need === 'staff' && !isStaff.value)) return <NoAccessView />;
  return <Page {...rest} />;
}

const guarded = (page: ComponentType<any>, need?: 'manager' | 'staff') => (props: Record<string, unknown>) => (
  <Guard page={page} need={need} {...props} />
);

const DashboardPage = guarded(Dashboard);
const CompanyPage = guarded(Company, 'manager');
const EmployeesPage = guarded(Employees);
const PartnershipsPage = guarded(Partnerships);
const SettingsPage = guarded(Settings, 'staff');
const MyApplicationsPage = guarded(MyApplications);
const ManageJobsPage = guarded(ManageJobs, 'manager');
const ManageJobPage = guarded(ManageJob, 'manager');
const WebhooksPage = guarded(Webhooks, 'manager');
const ApiKeysPage = guarded(ApiKeys, 'manager');
const AuditPage = guarded(Audit, 'manager');
const AssistantPage = guarded(Assistant, 'manager');
const WorkOrdersPage = guarded(WorkOrders);
const WorkOrderPage = guarded(WorkOrder);
const ContractedPage = guarded(Contracted);
const ContractedWorkOrderPage = guarded(ContractedWorkOrder);
const AssetsPage = guarded(Assets);
const AssetPage = guarded(Asset);
const PartsPage = guarded(Parts);
const MaintenanceRequestsPage = guarded(MaintenanceRequests);
const MaintenanceKpisPage = guarded(MaintenanceKpis);
const ServicesPage = guarded(Services);
const ServiceRequestPage = guarded(ServiceRequest);
const MyProposalsPage = guarded(MyProposals);
const EngagementsPage = guarded(Engagements);
const OfferingsPage = guarded(Offerings);
const NotesPage = guarded(Notes);
const NotePage = guarded(Note);
const NewNotePage = guarded(NewNote);
const NoteHistoryPage = guarded(NoteHistory);
const NotesGraphPage = guarded(NotesGraph);
const NotesTrashPage = guarded(NotesTrash);
const FieldBoardPage = guarded(FieldBoard, 'manager');
const MyDayPage = guarded(MyDay);
const FieldVisitPage = guarded(FieldVisit);
const FieldJobsPage = guarded(FieldJobs);
const FieldJobPage = guarded(FieldJob);
const FieldCustomersPage = guarded(FieldCustomers);
const FieldCustomerPage = guarded(FieldCustomer);
const TechniciansPage = guarded(Technicians);

function Home() {
  const { route } = useLocation();
  useEffect(() => route(signedIn.value ? '/dashboard' : '/jobs', true), []);
  return null;
}

/** A render error: say so, and offer a reload (the error itself goes to the console). */
function Crashed() {
  return (
    <div class="alert alert--error" role="alert">
      {t('errors.crashed')}{' '}
      <button class="link" onClick={() => location.reload()}>
        {t('errors.reload')}
      </button>
    </div>
  );
}

function Routes() {
  const [crashed, setCrashed] = useState(false);
  const { path } = useLocation();
  useEffect(() => setCrashed(false), [path]);
  if (crashed) return <Crashed />;
  return (
    <ErrorBoundary
      onError={(e) => {
        console.error(e);
        setCrashed(true);
      }}
    >
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
        <Route path="/api-keys" component={ApiKeysPage} />
        <Route path="/audit" component={AuditPage} />
        <Route path="/ai-assistant" component={AssistantPage} />
        <Route path="/maintenance/work-orders" component={WorkOrdersPage} />
        <Route path="/maintenance/work-orders/:id" component={WorkOrderPage} />
        <Route path="/maintenance/contracted" component={ContractedPage} />
        <Route path="/maintenance/contracted/:id" component={ContractedWorkOrderPage} />
        <Route path="/maintenance/assets" component={AssetsPage} />
        <Route path="/maintenance/assets/:id" component={AssetPage} />
        <Route path="/maintenance/parts" component={PartsPage} />
        <Route path="/maintenance/requests" component={MaintenanceRequestsPage} />
        <Route path="/maintenance/kpis" component={MaintenanceKpisPage} />
        <Route path="/r/:token" component={PublicRequest} />
        <Route path="/services" component={ServicesPage} />
        <Route path="/services/:id" component={ServiceRequestPage} />
        <Route path="/proposals" component={MyProposalsPage} />
        <Route path="/engagements" component={EngagementsPage} />
        <Route path="/offerings" component={OfferingsPage} />
        <Route path="/knowledge/notes" component={NotesPage} />
        <Route path="/knowledge/notes/new" component={NewNotePage} />
        <Route path="/knowledge/notes/:id" component={NotePage} />
        <Route path="/knowledge/notes/:id/history" component={NoteHistoryPage} />
        <Route path="/knowledge/graph" component={NotesGraphPage} />
        <Route path="/knowledge/trash" component={NotesTrashPage} />
        <Route path="/field/board" component={FieldBoardPage} />
        <Route path="/field/my-day" component={MyDayPage} />
        <Route path="/field/visits/:id" component={FieldVisitPage} />
        <Route path="/field/jobs" component={FieldJobsPage} />
        <Route path="/field/jobs/:id" component={FieldJobPage} />
        <Route path="/field/customers" component={FieldCustomersPage} />
        <Route path="/field/customers/:id" component={FieldCustomerPage} />
        <Route path="/field/technicians" component={TechniciansPage} />
        <Route path="/track/:token" component={Track} />
        <Route default component={NotFound} />
      </Router>
    </ErrorBoundary>
  );
}

export function App() {
  return (
    // /api/… links (the API reference) are pages of the Worker, not of this router.
    <LocationProvider scope={/^\/(?!api\/)/}>
      <Layout>
        <Routes />
      </Layout>
      <Toasts />
    </LocationProvider>
  );
}
