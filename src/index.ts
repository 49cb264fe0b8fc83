/**
 * afterview as a library. Every public export is listed here by name; anything
 * else is internal. Importing this module does no I/O: templates are read and
 * compiled on the first render, and nodemailer and the clipboard are loaded
 * only when a message is turned into .eml, sent or copied.
 */
export { render, renderPanel, renderContext, checkContext, resolveToday } from './render/render.js';
export type {
  Address,
  ContextCheck,
  ContextFor,
  PanelContextFor,
  RenderContextOptions,
  RenderedMessage,
  RenderOptions,
} from './render/render.js';
export { toEml } from './render/eml.js';
export { htmlFragment } from './render/fragment.js';
export { toMailto, MAILTO_MAX_LENGTH } from './render/mailto.js';
export type { Mailto, MailtoOptions } from './render/mailto.js';
export { pickPerson } from './render/person.js';
export type { ClipboardContent, CopyOptions, CopyResult, Flavour } from './clipboard/index.js';
// Sending, drafts, the clipboard, password commands and the preview load their modules on first call.
export {
  copyToClipboard,
  listDrafts,
  listOutbox,
  planSend,
  runSecretCommand,
  saveDrafts,
  saveOutboxDrafts,
  send,
  sendOutbox,
  startPreview,
} from './api/deferred.js';
export type { PlannedMessage, Recipient, SendOptions, SendPlan, SendResult, StateOptions, WaitingMessage } from './send/send.js';
export { parseRecipient } from './send/address.js';
export type { Delivery, DeliveryControl, OutgoingMessage, RecipientFailure, Transport } from './send/transport.js';
export type { OutboxState } from './send/outbox-entry.js';
export { resolveSmtpSettings, urlHasPassword } from './send/smtp-config.js';
export type { SmtpSettings, SmtpSources } from './send/smtp-config.js';
export type { RetryPolicy } from './send/retry.js';
export { draftMessageId } from './mail/draft-id.js';
export type { DraftOptions, DraftResult } from './mail/drafts.js';
export type { WaitingDraft } from './mail/draft-store.js';
export { resolveImapSettings } from './mail/imap-config.js';
export type { Settlement } from './mail/settle.js';
export type { ImapSettings, ImapSources } from './mail/imap-config.js';
export type { Credentials, SecretCommandOptions, SecretKind } from './mail/credentials.js';
export { presetNames, loadPreset, smtpPresetUrl } from './mail/presets.js';
export type { Preset, PresetName } from './mail/presets.js';
export type { EmlOptions } from './render/eml.js';
export { formats, formatMessage, formatMessages, formatJson, writeMessages } from './render/output.js';
export type { Format, WriteMessagesOptions, WrittenFile } from './render/output.js';
export { formatAddress } from './render/address.js';
export { loadContext } from './api/load-context.js';
export type { ContextLayer, LoadContextOptions, LoadedContext } from './api/load-context.js';
export { findProfile } from './context/profile.js';
export type { LoadedProfile, Profile } from './context/profile.js';
export type { Locate } from './context/issues.js';
export { exampleApplication, exampleContext } from './templates/example.js';
export { registerTemplate } from './templates/registry.js';
export type { TemplateDefinition } from './templates/definition.js';
export { describeShortMessage, measureShortMessage, smsSize } from './render/short-message.js';
export type { ShortMessageSize, SmsSize } from './render/short-message.js';
export { schemas, jsonSchema } from './context/schemas.js';
export type { ContextSchema } from './context/schemas.js';
export { listTemplates, templateNames } from './templates/registry.js';
export type { TemplateInfo } from './templates/registry.js';
export type { TemplateName } from './templates/built-in.js';
export { AfterviewError, adviceText, isAfterviewError, issueLine } from './errors.js';
export type { AfterviewAdvice, AfterviewErrorCode, AfterviewErrorOptions, ContextIssue } from './errors.js';
export { loadApplications, applicationFiles } from './journal/load.js';
export type { ApplicationProblem, LoadedApplication } from './journal/load.js';
export { applicationJsonSchema, applicationSchema } from './journal/application.js';
export type { Application, Outcome } from './journal/application.js';
export { dueItems } from './journal/due.js';
export type { DueItem, DueKind, DueOptions } from './journal/due.js';
export { readDraftLog, readSentLog, parseSentLog } from './journal/sent-log.js';
export type { SentMessage } from './journal/sent-log.js';
export { toIcs } from './journal/ics.js';
export type { IcsOptions } from './journal/ics.js';
export { readReplyEml, parseReplyEml } from './journal/reply.js';
export type { ReplyThread } from './journal/reply.js';
export { replyContext, asReply } from './journal/reply-context.js';
export { contextFromJournal } from './journal/expand.js';
export { defineTemplate } from './templates/user/define.js';
export type { DefinedTemplate, TemplateSpec } from './templates/user/define.js';
export { createRenderer } from './render/user/renderer.js';
export type { Renderer, RendererContext, RendererOptions } from './render/user/renderer.js';
export type { TemplateListing } from './render/user/set.js';
export { lintTemplates, formatProblem } from './lint/lint.js';
export type { LintOptions, LintProblem } from './lint/lint.js';
export type { Preview, PreviewOptions } from './preview/server.js';
export { TemplateSet } from './render/user/set.js';
export { templateFolderPath } from './templates/user/folder.js';
export { applicationsFolder, defaultProfilePath } from './context/profile.js';
export { defaultStateDir } from './send/store.js';
export { xdgFolder } from './shared/xdg.js';
export type { XdgFolder } from './shared/xdg.js';
export { formatLongDate, localToday } from './format/dates.js';
