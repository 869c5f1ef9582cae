// Passkeys: registered, listed, used to verify and deleted through Chromium's virtual
// authenticator (the DevTools protocol's WebAuthn domain) — the browser's real prompts, with a
// simulated fingerprint. Passkeys need a secure origin: http://localhost, not 127.0.0.1.
import { expect, test, type Page } from '@playwright/test';
import { AddMethodDialog, expectAccessible, screenshots, signInAs, SignInScreen } from './support';

const NEW_PASSWORD = 'copper-heron-58-quietly';

const localhost = (process.env.LATCHKEY_URL ?? 'http://127.0.0.1:3000').replace('127.0.0.1', 'localhost');
test.use({ baseURL: localhost });

/** A platform authenticator that verifies the person (a fingerprint) without asking. */
async function addAuthenticator(page: Page) {
  const session = await page.context().newCDPSession(page);
  await session.send('WebAuthn.enable');
  const { authenticatorId } = await session.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { session, authenticatorId };
}

test('a passkey is added, verifies sign-in, proves a reset, and is deleted', async ({ page }, testInfo) => {
  const { session, authenticatorId } = await addAuthenticator(page);
  await signInAs(page, 'jamie');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Passkey');
  const adding = page.getByRole('dialog', { name: 'Passkey' });
  await expect(adding.getByText('fingerprint, face, screen lock or a security key')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'passkey-name');
  await adding.getByRole('textbox', { name: 'Name (optional)' }).fill('Work laptop');
  await adding.getByRole('button', { name: 'Next' }).click();
  await expect(adding.getByText('Passkey registered successfully.')).toBeVisible();
  await adding.getByRole('button', { name: 'Done' }).click();

  const { credentials } = await session.send('WebAuthn.getCredentials', { authenticatorId });
  expect(credentials).toHaveLength(1);
  const list = page.getByRole('list', { name: 'Your methods' });
  await expect(list).toContainText('Work laptop');
  await expect(list).toContainText('Not used yet');
  await expect(page.getByRole('button', { name: /^Change passkey/ })).toHaveCount(0);

  // Signing in again: "Use a passkey" is offered first, and the browser's prompt proves it.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await signInAs(page, 'jamie');
  await expect(page.getByRole('radio', { name: 'Use a passkey' })).toBeChecked();
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Your browser will ask for your passkey')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'passkey-verify');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();
  await expect(list).toContainText('Last used');

  // The passkey's signature counter moved on with that use.
  const after = await session.send('WebAuthn.getCredentials', { authenticatorId });
  expect(after.credentials[0].signCount).toBeGreaterThan(credentials[0].signCount);

  // Locked out: the passkey proves the reset, and the new password signs in.
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await page.getByRole('link', { name: 'Forgot my password' }).click();
  await expect(page.getByText('Your browser has been checked.')).toBeVisible();
  await page.getByRole('textbox', { name: 'Username' }).fill('jamie');
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('radio', { name: 'Use a passkey' }).check();
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Your browser will ask for your passkey')).toBeVisible();
  await page.getByRole('button', { name: 'Next' }).click();
  const password = page.getByLabel('New password', { exact: true });
  await password.fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByText('Your password has been reset')).toBeVisible();
  await page.getByRole('link', { name: 'Sign in' }).click();
  const signIn = new SignInScreen(page);
  await signIn.signIn('jamie', NEW_PASSWORD);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();

  await page.getByRole('button', { name: 'Delete passkey Work laptop' }).click();
  const confirm = page.getByRole('dialog', { name: 'Delete passkey?' });
  await expect(confirm).toBeVisible();
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByText("You haven't added any methods yet.")).toBeVisible();
});

test('a copy of a passkey, its counter gone back, is refused', async ({ page }) => {
  const { session, authenticatorId } = await addAuthenticator(page);
  await signInAs(page, 'ines');
  const dialog = new AddMethodDialog(page);
  await dialog.open();
  await dialog.choose('Passkey');
  const adding = page.getByRole('dialog', { name: 'Passkey' });
  await adding.getByRole('button', { name: 'Next' }).click();
  await adding.getByRole('button', { name: 'Done' }).click();
  // A copy of the key as it is now, before it is used again.
  const { credentials } = await session.send('WebAuthn.getCredentials', { authenticatorId });
  const copy = credentials[0];

  const verifyWithPasskey = async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signInAs(page, 'ines');
    await expect(page.getByRole('radio', { name: 'Use a passkey' })).toBeChecked();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Verify' }).click();
  };
  // The real key moves its counter on.
  await verifyWithPasskey();
  await expect(page.getByRole('heading', { name: 'Security info', level: 1 })).toBeVisible();

  // The copy answers with a counter the server has already seen.
  await session.send('WebAuthn.removeCredential', { authenticatorId, credentialId: copy.credentialId });
  await session.send('WebAuthn.addCredential', { authenticatorId, credential: copy });
  await verifyWithPasskey();
  await expect(page.getByText("Your passkey wasn't accepted. Try again, or choose another method.")).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Verify your identity', level: 1 })).toBeVisible();
  await expectAccessible(page);
});
