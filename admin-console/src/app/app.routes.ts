import { Routes } from '@angular/router';
import { signedInGuard, startPageGuard, supportRoleGuard } from './auth/auth.guards';
import { StartPage } from './auth/start.page';

export const routes: Routes = [
  { path: '', pathMatch: 'full', canActivate: [startPageGuard], component: StartPage },
  {
    path: 'settings',
    canActivate: [supportRoleGuard],
    loadChildren: () => import('./settings/settings.routes').then((m) => m.SETTINGS_ROUTES),
  },
  {
    path: 'access-restricted',
    title: 'Access restricted',
    canActivate: [signedInGuard],
    loadComponent: () => import('./auth/access-restricted.page').then((m) => m.AccessRestrictedPage),
  },
  {
    path: 'sign-in-problem',
    title: 'Sign-in incomplete',
    loadComponent: () => import('./auth/sign-in-problem.page').then((m) => m.SignInProblemPage),
  },
  {
    path: 'session-ended',
    title: 'Session ended',
    loadComponent: () => import('./auth/session-ended.page').then((m) => m.SessionEndedPage),
  },
  { path: '**', redirectTo: '' },
];
