import { expect, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { demoTwilioAccount, demoUser } from '../support/e2e-environment';

export type DemoUserName = 'Ana Support' | 'Ben Support' | 'Carla Viewer';

const SCREENSHOT_DIR = path.resolve(__dirname, '../../output/screenshots');

/** A full-page screenshot of a main screen, under e2e/output/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Opens `target` in the console, which sends a signed-out user to the provider's sign-in page. */
export async function signIn(page: Page, name: DemoUserName, target = '/settings/twilio'): Promise<void> {
  const user = demoUser(name);
  await page.goto(target);
  await page.locator('input[name=username]').fill(user.email);
  await page.locator('input[name=password]').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('header')).toContainText(user.name);
  // Signed in once the callback's code has left the address bar (a reload must not replay it).
  await page.waitForURL((url) => !url.searchParams.has('code'));
}

/** A demo account's API key of the given kind, from the emulator's seed (tools/stand-ins/twilio-emulator/seed/demo.json). */
export function demoApiKey(index: 0 | 1, type: 'main' | 'standard' | 'restricted'): { sid: string; secret: string } {
  const key = demoTwilioAccount(index).apiKeys?.find((candidate) => candidate.type === type);
  if (!key?.sid || !key.secret) throw new Error(`The demo seed's account ${index} has no ${type} API key`);
  return { sid: key.sid, secret: key.secret };
}

/** Organization A's or B's demo Twilio account in the emulator. */
export function twilioAccount(index: 0 | 1) {
  const account = demoTwilioAccount(index);
  const firstNumber = account.phoneNumbers?.[0];
  return {
    accountSid: account.sid,
    authToken: account.authToken,
    fromNumber: (typeof firstNumber === 'string' ? firstNumber : firstNumber?.phoneNumber) ?? '',
    messagingServiceSid: account.messagingServices?.[0]?.sid ?? '',
    conversationsServiceSid: account.conversationsServices?.[0]?.sid ?? '',
  };
}

export interface CredentialsInput {
  accountSid: string;
  authToken: string;
  fromNumber: string;
  messagingServiceSid?: string;
  conversationsServiceSid?: string;
  /** Filled only when given: the form keeps a stored key's SID otherwise. */
  apiKeySid?: string;
  apiKeySecret?: string;
}

/** The Twilio tab, as a support person sees it. */
export class TwilioTab {
  constructor(private readonly page: Page) {}

  field(label: string): Locator {
    return this.page.getByLabel(label, { exact: true });
  }

  badges(): Locator {
    return this.page.locator('tc-badge');
  }

  badge(text: string): Locator {
    return this.page.locator('tc-badge', { hasText: new RegExp(`^\\s*${text}\\s*$`) });
  }

  async open(): Promise<void> {
    await this.page.goto('/settings/twilio');
    await this.loaded();
  }

  /** The settings have been read (the loading state is gone). */
  async loaded(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Credentials' })).toBeVisible();
  }

  async fillCredentials(input: CredentialsInput): Promise<void> {
    await this.field('Account SID').fill(input.accountSid);
    await this.field('Auth Token').fill(input.authToken);
    await this.field('From number').fill(input.fromNumber);
    await this.field('Messaging Service SID (optional)').fill(input.messagingServiceSid ?? '');
    await this.field('Conversations Service SID (optional)').fill(input.conversationsServiceSid ?? '');
    if (input.apiKeySid !== undefined) await this.field('API Key SID').fill(input.apiKeySid);
    if (input.apiKeySecret !== undefined) await this.field('API Key secret').fill(input.apiKeySecret);
  }

  async save(): Promise<void> {
    await this.page.getByRole('button', { name: 'Save & Validate Credentials' }).click();
  }

  async saveCredentials(input: CredentialsInput): Promise<void> {
    await this.fillCredentials(input);
    await this.save();
    await expect(this.page.getByText('Saved. Twilio accepted the credentials.')).toBeVisible();
  }

  /** Deletes the organization's settings if it has any, confirming the dialog. */
  async deleteIfConfigured(): Promise<void> {
    const remove = this.page.getByRole('button', { name: 'Delete settings' });
    if (!(await remove.isVisible())) return;
    await remove.click();
    await this.page.getByRole('alertdialog').getByRole('button', { name: 'Delete settings' }).click();
    await expect(this.badge('Not configured')).toBeVisible();
  }

  async sendTestSms(to: string, body?: string): Promise<void> {
    await this.field('To').fill(to);
    if (body !== undefined) await this.field('Message').fill(body);
    await this.page.getByRole('button', { name: 'Send Test SMS' }).click();
  }
}
