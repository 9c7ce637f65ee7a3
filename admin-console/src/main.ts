import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { loadRuntimeConfig } from './app/runtime-config/runtime-config';

/** A page that cannot start says so in words instead of staying blank. */
function showStartupFailure(error: unknown): void {
  console.error(error);
  const root = document.querySelector('tc-root');
  if (!root) return;
  const box = document.createElement('div');
  box.setAttribute('role', 'alert');
  box.className = 'tc-startup-failure';
  const title = document.createElement('h1');
  title.textContent = 'Twilio configuration could not start';
  const detail = document.createElement('p');
  detail.textContent = `${error instanceof Error ? error.message : String(error)}. Reload the page; if this persists, the console's configuration needs fixing.`;
  box.append(title, detail);
  root.replaceChildren(box);
}

// The configuration is read before Auth0 is set up: one build serves every environment.
loadRuntimeConfig()
  .then((config) => bootstrapApplication(App, appConfig(config)))
  .catch(showStartupFailure);
