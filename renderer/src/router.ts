import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import CompareView from './views/CompareView.vue';

/** One entry per view; hash history works from file:// (desktop) and any static host (web). */
export const VIEWS: Array<RouteRecordRaw & { name: string; meta: { title: string } }> = [
  { path: '/', name: 'compare', component: CompareView, meta: { title: 'Compare' } },
];

export const router = createRouter({ history: createWebHashHistory(), routes: VIEWS });
