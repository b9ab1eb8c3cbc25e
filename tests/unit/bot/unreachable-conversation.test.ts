/** Which connector answers pause a conversation (retrying cannot help) and which are failures to retry. */
import { unreachableConversationError } from '../../../bot/proactive/proactive-sender';
import { ConversationUnreachableError } from '../../../shared/services/notification-service';

/** The shape botbuilder's connector client throws (ms-rest-js RestError): the HTTP status, the body's code and message. */
const restError = (statusCode: number, code?: string, message = '') => Object.assign(new Error(message), { statusCode, code });

describe('unreachableConversationError', () => {
  it.each([
    [403, 'ConversationBlockedByUser', 'User blocked the conversation with the bot.', /the user blocked the bot/],
    [403, 'BotNotInConversationRoster', 'The bot is not part of the conversation roster.', /no longer in this team or chat/],
    [403, 'BotDisabledByAdmin', 'The tenant admin disabled this bot', /admin disabled the bot/],
    [403, undefined, '', /403 with no reason given/],
    [404, 'ConversationNotFound', 'Conversation not found.', /no longer exists/],
  ])('%i %s: the conversation is closed to the bot', (status, code, message, meaning) => {
    const e = unreachableConversationError(restError(status, code, message));
    expect(e).toBeInstanceOf(ConversationUnreachableError);
    expect(e).toMatchObject({ status, code });
    expect(e!.message).toMatch(meaning);
  });

  it.each([
    [403, 'InvalidBotApiHost', 'Invalid bot api host. For GCC tenants, please call https://smba.infra.gcc.teams.microsoft.com'],
    [429, 'Throttled', 'Too many requests'],
    [500, 'ServiceError', 'Internal error'],
    [404, 'NotFound', 'No such activity'],
    [401, 'Unauthorized', 'Authorization has been denied for this request.'],
  ])('%i %s: a failure to report and retry, never a pause (InvalidBotApiHost is the deployment\'s fault: it would pause every conversation)', (status, code, message) => {
    expect(unreachableConversationError(restError(status, code, message))).toBeUndefined();
  });

  it('an error without a status (the network) is a failure to retry', () => {
    expect(unreachableConversationError(new Error('socket hang up'))).toBeUndefined();
    expect(unreachableConversationError(undefined)).toBeUndefined();
  });
});
