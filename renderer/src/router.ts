import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import CompareView from './views/CompareView.vue';

/**
 * One entry per view, in the order of the navigation bar; its label is `app.views.<name>`
 * in the message files. Compare is the landing view and loads with the app; the others
 * load on first visit, so the first paint does not wait for every topic's charts. Hash
 * history works from file:// (desktop) and any static host (web).
 */
export const VIEWS: Array<RouteRecordRaw & { name: string }> = [
  { path: '/', name: 'compare', component: CompareView },
  { path: '/density', name: 'density', component: () => import('./views/DensityView.vue') },
  { path: '/overhead', name: 'overhead', component: () => import('./views/OverheadView.vue') },
  { path: '/timeline', name: 'timeline', component: () => import('./views/TimelineView.vue') },
  { path: '/sweeps', name: 'sweeps', component: () => import('./views/SweepsView.vue') },
  { path: '/runs', name: 'runs', component: () => import('./views/RunsView.vue') },
  { path: '/timeslice', name: 'timeslice', component: () => import('./views/topics/TimesliceView.vue') },
  { path: '/interfaces', name: 'interfaces', component: () => import('./views/topics/InterfacesView.vue') },
  { path: '/process-vm', name: 'process-vm', component: () => import('./views/topics/ProcessVmView.vue') },
  { path: '/migration', name: 'migration', component: () => import('./views/topics/MigrationView.vue') },
  {
    path: '/consolidation',
    name: 'consolidation',
    component: () => import('./views/topics/ConsolidationView.vue'),
  },
  { path: '/isolation', name: 'isolation', component: () => import('./views/topics/IsolationView.vue') },
  {
    path: '/hybrid-cloud',
    name: 'hybrid-cloud',
    component: () => import('./views/topics/HybridCloudView.vue'),
  },
  { path: '/legacy', name: 'legacy', component: () => import('./views/topics/LegacyView.vue') },
];

export const router = createRouter({ history: createWebHashHistory(), routes: VIEWS });
