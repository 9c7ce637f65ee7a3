import { ErrorStateMatcher, ShowOnDirtyErrorStateMatcher } from '@angular/material/core';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS, MatFormFieldDefaultOptions } from '@angular/material/form-field';
import { Routes } from '@angular/router';
import { SettingsPage } from './settings.page';

const formFieldDefaults: MatFormFieldDefaultOptions = { appearance: 'outline', subscriptSizing: 'dynamic' };

export const SETTINGS_ROUTES: Routes = [
  {
    path: '',
    component: SettingsPage,
    // Form defaults live with the forms, so the start page does not load the form field code.
    providers: [
      { provide: MAT_FORM_FIELD_DEFAULT_OPTIONS, useValue: formFieldDefaults },
      // Rules are checked as the user types, not only after leaving the field.
      { provide: ErrorStateMatcher, useClass: ShowOnDirtyErrorStateMatcher },
    ],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'twilio' },
      {
        path: 'twilio',
        title: 'Twilio settings',
        loadComponent: () => import('./twilio/twilio-settings.page').then((m) => m.TwilioSettingsPage),
      },
      {
        path: 'opt-outs',
        title: 'Opt-outs',
        loadComponent: () => import('../opt-outs/opt-outs.page').then((m) => m.OptOutsPage),
      },
      {
        path: 'audit',
        title: 'Audit log',
        loadComponent: () => import('../audit/audit-log.page').then((m) => m.AuditLogPage),
      },
    ],
  },
];
