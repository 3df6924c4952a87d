import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { i18n } from './i18n';
import { router } from './router';
import { usePreferencesStore } from './stores/preferences';
import './charts/echarts';
import './styles.css';

const app = createApp(App).use(createPinia()).use(i18n).use(router);
// Applies the saved theme and language before the first paint.
usePreferencesStore();
app.mount('#app');
