import { mount } from 'svelte';
import App from './App.svelte';
import { selectBackend } from './lib/api';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app missing from index.html');

void selectBackend().then((backend) => mount(App, { target, props: { backend } }));
