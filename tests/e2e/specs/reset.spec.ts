// "Get back into your account": a locked-out person proves who they are with the phone they
// registered and chooses a new password, then signs in with it. An unknown name sees the same
// screens.
import { expect, test } from '@playwright/test';
import { addPhoneByText, codeSentTo, demoPassword, expectAccessible, resetByText, screenshots, signInAs, SignInScreen } from './support';

const NEW_PASSWORD = 'amber-kestrel-91-softly';

test('reset a forgotten password by text, then sign in with the new one', async ({ page }, testInfo) => {
  await signInAs(page, 'blair');
  await addPhoneByText(page, 'Phone', '425 555 0133', '+14255550133');
  const enrollmentCode = await codeSentTo(page, '+14255550133');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();

  await page.getByRole('link', { name: 'Forgot my password' }).click();
  await expect(page.getByRole('heading', { name: 'Get back into your account', level: 1 })).toBeVisible();
  await expect(page.getByText('Your browser has been checked.')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'reset-name');
  await page.getByRole('textbox', { name: 'Username' }).fill('blair');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByText('Verification step 1 of 1')).toBeVisible();
  await page.getByRole('radio', { name: 'Text my mobile phone' }).check();
  await expect(page.getByText('*******33')).toBeVisible();
  const number = page.getByRole('textbox', { name: 'Phone number' });
  await number.fill('425 555 0199');
  await page.getByRole('button', { name: 'Text', exact: true }).click();
  await expect(number).toHaveAccessibleDescription(/isn't the number we have/);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'reset-choose');
  await number.fill('425 555 0133');
  await page.getByRole('button', { name: 'Text', exact: true }).click();
  const code = await codeSentTo(page, '+14255550133', [enrollmentCode]);
  await expect(page.getByText('We sent a code to')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'reset-code');
  await page.getByRole('textbox', { name: 'Code' }).fill(code);
  await page.getByRole('button', { name: 'Next' }).click();

  const password = page.getByLabel('New password', { exact: true });
  await expect(password).toBeVisible();
  await expect(password).toHaveAttribute('autocomplete', 'new-password');
  await password.fill('password1234');
  await expect(page.getByText('This password is too common')).toBeVisible();
  await password.fill(NEW_PASSWORD);
  await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
  await expect(page.getByText('Both passwords match')).toBeVisible();
  await page.getByRole('checkbox', { name: 'Show password' }).check();
  await expect(password).toHaveAttribute('type', 'text');
  await expect(page.getByRole('listitem').filter({ hasText: 'Not a commonly used password' })).toHaveClass(/requirement-met/);
  await expectAccessible(page);
  await screenshots(page, testInfo, 'reset-new-password');
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByText('Your password has been reset')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'reset-done');

  await page.getByRole('link', { name: 'Sign in' }).click();
  const signIn = new SignInScreen(page);
  await signIn.signIn('blair', demoPassword);
  await expect(page.getByText(/username or password is incorrect/)).toBeVisible();
  await signIn.password().fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Verify your identity', level: 1 })).toBeVisible();
});

test('an unknown name goes through the same screens', async ({ page }) => {
  await page.goto('/reset');
  await page.getByRole('textbox', { name: 'Username' }).fill('nobody-works-here');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Verification step 1 of 1')).toBeVisible();
  await expect(page.getByRole('radio').first()).toBeChecked();
  const phone = page.getByRole('radio', { name: 'Text my mobile phone' });
  if (await phone.count()) {
    await phone.check();
    await page.getByRole('textbox', { name: 'Phone number' }).fill('425 555 0123');
    await page.getByRole('button', { name: 'Text', exact: true }).click();
    await expect(page.getByRole('textbox', { name: 'Phone number' })).toHaveAccessibleDescription(/isn't the number we have/);
  }
});

test('I know my password but cannot sign in: unlock the account and keep the password', async ({ page }, testInfo) => {
  await signInAs(page, 'kim');
  await addPhoneByText(page, 'Phone', '425 555 0171', '+14255550171');
  const enrollmentCode = await codeSentTo(page, '+14255550171');
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  // Someone tried many passwords: sign-in waits, even for the right one.
  const signIn = new SignInScreen(page);
  for (let attempt = 0; attempt < 8; attempt++) {
    await signIn.signIn('kim', `wrong-password-${attempt}-xyz`);
    await expect(page.getByText(/username or password is incorrect/)).toBeVisible();
  }
  await signIn.signIn('kim', demoPassword);
  await expect(page.getByText(/username or password is incorrect/)).toBeVisible();

  await resetByText(page, 'kim', '425 555 0171', '+14255550171', [enrollmentCode]);
  await expect(page.getByRole('heading', { name: 'Know your password?', level: 2 })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, testInfo, 'reset-unlock-offer');
  await page.getByRole('button', { name: 'Unlock my account' }).click();
  await expect(page.getByText('Your account is unlocked')).toBeVisible();
  await expectAccessible(page);

  await page.getByRole('link', { name: 'Sign in' }).click();
  await signIn.signIn('kim', demoPassword);
  await expect(page.getByRole('heading', { name: 'Verify your identity', level: 1 })).toBeVisible();
});
