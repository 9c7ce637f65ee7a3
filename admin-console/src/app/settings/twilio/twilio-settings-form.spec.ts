import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import { AUTH_TOKEN as TOKEN, HEX32, STORED_VIEW } from '../../../testing/settings-fixtures';
import { firstRuleMessage } from './form-rules';
import {
  NO_STORED_SECRETS,
  StoredSecrets,
  createTwilioSettingsForm,
  formValueFor,
  storedSecretsOf,
  toSettingsUpsert,
} from './twilio-settings-form';

function formWith(stored: StoredSecrets = NO_STORED_SECRETS) {
  return createTwilioSettingsForm(TestBed.inject(NonNullableFormBuilder), () => stored);
}

describe('the Twilio settings form', () => {
  it('is invalid when empty, naming each required field with an example', () => {
    const form = formWith();
    expect(form.valid).toBe(false);
    expect(firstRuleMessage(form.controls.accountSid.errors)).toBe('Account SID is required, e.g. AC0123456789abcdef0123456789abcdef');
    expect(firstRuleMessage(form.controls.fromNumber.errors)).toBe('From number is required, e.g. +61412345678');
    expect(firstRuleMessage(form.controls.authToken.errors)).toMatch(/^Auth Token is required/);
  });

  it('is valid with an Account SID, an Auth Token and a from number', () => {
    const form = formWith();
    form.patchValue({ accountSid: 'AC' + HEX32, authToken: TOKEN, fromNumber: '+61412345678' });
    expect(form.valid).toBe(true);
  });

  it('lets the Auth Token be left empty when one is stored (it is kept)', () => {
    const form = formWith(storedSecretsOf(STORED_VIEW));
    form.reset(formValueFor(STORED_VIEW));
    form.patchValue({ accountSid: 'AC' + HEX32 });
    expect(form.controls.authToken.errors).toBeNull();
    expect(form.valid).toBe(true);
  });

  it('still checks an Auth Token that is typed', () => {
    const form = formWith(storedSecretsOf(STORED_VIEW));
    form.controls.authToken.setValue('not-a-token');
    expect(firstRuleMessage(form.controls.authToken.errors)).toContain('32 letters and digits');
  });

  it('never fills the Auth Token, the API key secret or the Account SID from the server', () => {
    const value = formValueFor(STORED_VIEW);
    expect(value.authToken).toBe('');
    expect(value.apiKeySecret).toBe('');
    expect(value.accountSid).toBe('');
    expect(value).toMatchObject({ fromNumber: '+61412345678', messagingServiceSid: 'MG' + HEX32, regionEdge: 'au1' });
  });

  describe('the API key pair', () => {
    it('wants the secret with a new key SID', () => {
      const form = formWith();
      form.controls.apiKeySid.setValue('SK' + HEX32);
      expect(firstRuleMessage(form.controls.apiKeySecret.errors)).toMatch(/^API Key secret is required/);
      form.controls.apiKeySecret.setValue(TOKEN);
      expect(form.controls.apiKeySecret.errors).toBeNull();
    });

    it('keeps the stored secret for the same key SID', () => {
      const form = formWith(storedSecretsOf(STORED_VIEW));
      form.reset(formValueFor(STORED_VIEW));
      expect(form.controls.apiKeySecret.errors).toBeNull();
      form.controls.apiKeySid.setValue('SK' + 'f'.repeat(32));
      expect(form.controls.apiKeySecret.errors).not.toBeNull();
    });

    it('wants the key SID for a secret', () => {
      const form = formWith();
      form.controls.apiKeySecret.setValue(TOKEN);
      expect(firstRuleMessage(form.controls.apiKeySid.errors)).toMatch(/^Enter the API Key SID this secret belongs to, e\.g\. SK/);
    });
  });

  describe(toSettingsUpsert.name, () => {
    it('trims values and leaves out empty optional fields and secrets left empty', () => {
      const body = toSettingsUpsert({
        ...formValueFor(null),
        accountSid: ` AC${HEX32} `,
        fromNumber: '+61412345678 ',
        conversationsServiceSid: 'IS' + HEX32,
      });
      expect(body).toEqual({ accountSid: 'AC' + HEX32, fromNumber: '+61412345678', conversationsServiceSid: 'IS' + HEX32 });
      expect('authToken' in body).toBe(false);
    });

    it('sends a typed Auth Token, API key and edge/region', () => {
      const body = toSettingsUpsert({
        ...formValueFor(STORED_VIEW),
        accountSid: 'AC' + HEX32,
        authToken: TOKEN,
        apiKeySecret: TOKEN,
      });
      expect(body).toMatchObject({ authToken: TOKEN, apiKeySid: 'SK' + HEX32, apiKeySecret: TOKEN, edge: 'sydney', region: 'au1' });
    });

    it('sends an edge and a region only as one of the pairs Twilio serves, or neither', () => {
      expect(toSettingsUpsert({ ...formValueFor(null), regionEdge: 'ie1' })).toMatchObject({ edge: 'dublin', region: 'ie1' });
      const neither = toSettingsUpsert({ ...formValueFor(null), regionEdge: '' });
      expect('edge' in neither || 'region' in neither).toBe(false);
    });

    it('shows a stored pair Twilio does not serve as the default, so a save cannot send it back', () => {
      expect(formValueFor({ ...STORED_VIEW, edge: 'dublin', region: 'au1' }).regionEdge).toBe('');
    });
  });
});
