/** The notifications module's public surface: SMS now; e-mail and push later. */
export { SandboxSms, MAX_SANDBOX_MESSAGES, type SandboxSmsMessage, type SmsProvider } from './sms.ts';
