using Microsoft.AspNetCore.Http;
using Portfolio.Application.Common;
using Portfolio.Domain;

namespace Portfolio.Api.Http;

/// <summary>
/// The one table that turns refusals into RFC 9457 problem details, used by each host's single exception mapping
/// (<see cref="ProblemExceptionHandler"/> in the server, a worker middleware in the Functions app). Anything not listed
/// is a bug and surfaces as a 500.
/// </summary>
public static class Problems
{
    public const string Unreadable = "The request could not be read.";
    public const string Invalid = "The request is not valid.";
    public const string AccountingRule = "The request breaks an accounting rule.";
    public const string UnreadableAccount = "The account's state cannot be valued.";

    public static IResult? From(Exception exception) => exception switch
    {
        Application.Imports.ImportRejectedException e => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: Invalid,
            detail: e.Message, extensions: new Dictionary<string, object?> { ["errors"] = e.Errors }),
        RequestException e => Validation(e.Status, Unreadable, e.Field, e.Message),
        InvalidRequestException e => Validation(StatusCodes.Status422UnprocessableEntity, Invalid, e.Field, e.Reason),
        LedgerRuleViolation e => Validation(StatusCodes.Status422UnprocessableEntity, AccountingRule, e.Field, e.Reason),
        AccountStateException e => Validation(StatusCodes.Status422UnprocessableEntity, UnreadableAccount, "account", e.Message),
        NotFoundException e => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: e.Message),
        ConflictException e => Validation(StatusCodes.Status409Conflict, "The request conflicts with the current state.", e.Field, e.Message),
        PreconditionFailedException e => Validation(StatusCodes.Status412PreconditionFailed, "The resource changed since it was read.", e.Field, e.Message),
        Auth.UnauthenticatedException e => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized.", detail: e.Message),
        ForbiddenException e => Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: e.Message),
        _ => null,
    };

    private static IResult Validation(int status, string title, string field, string reason) =>
        Results.ValidationProblem(
            new Dictionary<string, string[]> { [field] = [reason] },
            detail: $"{field}: {reason}",
            statusCode: status,
            title: title);
}
