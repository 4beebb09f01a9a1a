// Demo services marketplace: open requests with proposals to compare, an awarded one with its active engagement,
// completed engagements with reviews, and offerings whose companies carry those ratings.
import { demoId, insert } from './demo-data.mjs';

const hoursAgo = (h) => new Date(Date.now() - h * 3_600_000).toISOString();
const daysAhead = (d) => new Date(Date.now() + d * 86_400_000).toISOString();
/** The seed's fee (settings.serviceFeePercent = 10), computed as the API does. */
const FEE_PERCENT = 10;
const fee = (price) => {
  const feeAmount = Math.round((price * FEE_PERCENT) / 100);
  return { fee_percent: FEE_PERCENT, fee_amount: feeAmount, net_amount: price - feeAmount };
};
const company = (key) => demoId(`company:${key}`);
const owner = (key) => demoId(`user:owner@${key}.test`);

// [key, company, title, description, category, budgetMin, budgetMax, types, status, deadline in days, hours ago]
const REQUESTS = [
  ['hvac-overhaul', 'acme', 'Rooftop HVAC overhaul', 'Replace two rooftop units on the main warehouse and service the duct network. Work must be done on weekends.', 'hvac', 1_500_000, 3_000_000, ['public', 'partners'], 'open', 30, 50],
  ['safety-inspection', 'acme', 'Inspeção anual de segurança elétrica', 'Inspeção dos quadros elétricos e do aterramento das três unidades, com relatório técnico assinado.', 'electrical', 300_000, 600_000, ['partners'], 'open', 20, 40],
  ['depot-cabling', 'globex', 'Network cabling for the new depot', 'Structured cabling (Cat6A) and two wireless access points per floor for our new two-floor depot.', 'networking', 800_000, 1_200_000, ['public'], 'open', 25, 30],
  ['led-retrofit', 'acme', 'Warehouse LED retrofit', 'Replace 240 high-bay fixtures with LED and add motion sensors in the aisles.', 'electrical', 2_000_000, 4_000_000, ['public', 'partners'], 'awarded', null, 200],
  ['office-hvac', 'initech', 'Office HVAC maintenance', 'Quarterly maintenance of the split units in our two offices for one year.', 'hvac', 200_000, 500_000, ['public'], 'awarded', null, 900],
  ['generator-service', 'acme', 'Emergency generator service', 'Full service of the 500 kVA standby generator, load test included.', 'maintenance', 150_000, 300_000, ['partners'], 'awarded', null, 700],
];

// [request key, proposer, price, timeline days, message, status, hours ago]
const PROPOSALS = [
  ['hvac-overhaul', 'globex', 2_450_000, 21, 'Our HVAC crew can do both units over three weekends, crane included.', 'submitted', 30],
  ['hvac-overhaul', 'initech', 2_890_000, 14, 'Partnering with a certified HVAC installer; faster delivery, remote monitoring included.', 'submitted', 20],
  ['safety-inspection', 'globex', 420_000, 10, 'Inspeção completa com termografia e relatório em até 10 dias.', 'submitted', 12],
  ['depot-cabling', 'initech', 990_000, 15, 'Certified Cat6A installation with test reports for every drop.', 'submitted', 10],
  ['depot-cabling', 'acme', 1_150_000, 20, 'We can cable and also mount the access points and cabinets.', 'submitted', 6],
  ['led-retrofit', 'globex', 3_200_000, 30, 'Fixtures from our stock, installation at night to keep the warehouse running.', 'accepted', 190],
  ['led-retrofit', 'initech', 3_600_000, 25, 'Includes a lighting control dashboard.', 'rejected', 180],
  ['office-hvac', 'globex', 380_000, 365, 'Four visits a year, filters and gas top-ups included.', 'accepted', 880],
  ['generator-service', 'globex', 240_000, 5, 'Service and a four-hour load test with a portable load bank.', 'accepted', 690],
];

// [request key, status, hours ago completed (or null), reviews: [reviewer, rating, comment]]
const ENGAGEMENTS = [
  ['led-retrofit', 'active', null, []],
  ['office-hvac', 'completed', 100, [['initech', 5, 'Every visit on time, clear reports.'], ['globex', 4, 'Good client, quick approvals.']]],
  ['generator-service', 'completed', 300, [['acme', 4, 'Solid work; the report came a day late.']]],
];

const OFFERINGS = [
  ['globex', 'HVAC preventive maintenance', 'Quarterly or monthly maintenance plans for split, VRF and rooftop units.', 'hvac', 45_000],
  ['globex', 'Electrical panel upgrades', 'Panel replacement, thermography and load balancing with signed reports.', 'electrical', 120_000],
  ['acme', 'Industrial maintenance crews', 'Mechanical and electrical crews for shutdowns and preventive maintenance.', 'maintenance', 250_000],
  ['initech', 'IT support for small offices', 'Helpdesk, laptops, printers and networks for offices of up to 50 people.', 'it support', 30_000],
  ['initech', 'Cabeamento estruturado', 'Projeto e instalação de cabeamento Cat6A e redes sem fio.', 'networking', null],
];

export function serviceSeedStatements() {
  const out = [];
  const byKey = Object.fromEntries(REQUESTS.map((r) => [r[0], r]));
  const accepted = Object.fromEntries(PROPOSALS.filter((p) => p[5] === 'accepted').map((p) => [p[0], p]));
  for (const [key, co, title, description, category, min, max, types, status, deadline, ago] of REQUESTS) {
    const at = hoursAgo(ago);
    const live = PROPOSALS.filter((p) => p[0] === key && p[5] !== 'withdrawn').length;
    out.push(
      insert('service_requests', {
        id: demoId(`service:${key}`),
        company_id: company(co),
        title,
        description,
        category,
        budget_min: min,
        budget_max: max,
        currency: 'EUR',
        deadline: deadline === null ? null : daysAhead(deadline),
        is_public: types.includes('public') ? 1 : 0,
        is_partners: types.includes('partners') ? 1 : 0,
        status,
        proposal_count: live,
        awarded_proposal_id: accepted[key] ? demoId(`proposal:${key}:${accepted[key][1]}`) : null,
        created_at: at,
        updated_at: at,
        created_by: owner(co),
        updated_by: owner(co),
      }),
    );
  }
  for (const [key, co, price, days, message, status, ago] of PROPOSALS) {
    const at = hoursAgo(ago);
    out.push(
      insert('proposals', {
        id: demoId(`proposal:${key}:${co}`),
        service_id: demoId(`service:${key}`),
        company_id: company(co),
        service_company_id: company(byKey[key][1]),
        price,
        currency: 'EUR',
        timeline_days: days,
        message,
        ...fee(price),
        status,
        created_at: at,
        updated_at: at,
        created_by: owner(co),
        updated_by: owner(co),
      }),
    );
  }
  const ratings = {};
  for (const [key, status, completedAgo, reviews] of ENGAGEMENTS) {
    const [, provider, price, , , , acceptedAgo] = accepted[key];
    const client = byKey[key][1];
    const id = demoId(`engagement:${key}`);
    const at = hoursAgo(acceptedAgo - 1);
    out.push(
      insert('engagements', {
        id,
        service_id: demoId(`service:${key}`),
        proposal_id: demoId(`proposal:${key}:${provider}`),
        client_company_id: company(client),
        provider_company_id: company(provider),
        title: byKey[key][2],
        price,
        currency: 'EUR',
        ...fee(price),
        status,
        completed_at: completedAgo === null ? null : hoursAgo(completedAgo),
        created_at: at,
        updated_at: completedAgo === null ? at : hoursAgo(completedAgo),
        created_by: owner(client),
        updated_by: owner(client),
      }),
    );
    for (const [reviewer, rating, comment] of reviews) {
      const reviewee = reviewer === client ? provider : client;
      out.push(
        insert('service_reviews', {
          id: demoId(`review:${key}:${reviewer}`),
          engagement_id: id,
          reviewer_company_id: company(reviewer),
          reviewee_company_id: company(reviewee),
          rating,
          comment,
          created_at: hoursAgo(completedAgo - 2),
          created_by: owner(reviewer),
        }),
      );
      ratings[reviewee] = { sum: (ratings[reviewee]?.sum ?? 0) + rating, count: (ratings[reviewee]?.count ?? 0) + 1 };
    }
  }
  for (const [co, r] of Object.entries(ratings)) out.push(insert('company_ratings', { company_id: company(co), rating_sum: r.sum, rating_count: r.count }));
  OFFERINGS.forEach(([co, title, description, category, priceFrom], i) => {
    const at = hoursAgo(24 * (40 - i));
    out.push(
      insert('offerings', {
        id: demoId(`offering:${co}:${title}`),
        company_id: company(co),
        title,
        description,
        category,
        price_from: priceFrom,
        currency: 'EUR',
        active: 1,
        created_at: at,
        updated_at: at,
        created_by: owner(co),
        updated_by: owner(co),
      }),
    );
  });
  return out;
}
