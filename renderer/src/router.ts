import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import CompareView from './views/CompareView.vue';
import TimesliceView from './views/topics/TimesliceView.vue';
import InterfacesView from './views/topics/InterfacesView.vue';
import ProcessVmView from './views/topics/ProcessVmView.vue';
import MigrationView from './views/topics/MigrationView.vue';
import ConsolidationView from './views/topics/ConsolidationView.vue';
import IsolationView from './views/topics/IsolationView.vue';
import HybridCloudView from './views/topics/HybridCloudView.vue';
import LegacyView from './views/topics/LegacyView.vue';

/** One entry per view; hash history works from file:// (desktop) and any static host (web). */
export const VIEWS: Array<RouteRecordRaw & { name: string; meta: { title: string } }> = [
  { path: '/', name: 'compare', component: CompareView, meta: { title: 'Compare' } },
  { path: '/timeslice', name: 'timeslice', component: TimesliceView, meta: { title: 'Time slicing' } },
  { path: '/interfaces', name: 'interfaces', component: InterfacesView, meta: { title: 'Four interfaces' } },
  { path: '/process-vm', name: 'process-vm', component: ProcessVmView, meta: { title: 'Process VMs' } },
  { path: '/migration', name: 'migration', component: MigrationView, meta: { title: 'Live migration' } },
  {
    path: '/consolidation',
    name: 'consolidation',
    component: ConsolidationView,
    meta: { title: 'Consolidation' },
  },
  { path: '/isolation', name: 'isolation', component: IsolationView, meta: { title: 'Isolation' } },
  {
    path: '/hybrid-cloud',
    name: 'hybrid-cloud',
    component: HybridCloudView,
    meta: { title: 'Hybrid cloud' },
  },
  { path: '/legacy', name: 'legacy', component: LegacyView, meta: { title: 'Legacy systems' } },
];

export const router = createRouter({ history: createWebHashHistory(), routes: VIEWS });
