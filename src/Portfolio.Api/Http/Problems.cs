using Microsoft.AspNetCore.Http;
using Portfolio.Application.Common;
using Portfolio.Domain;

namespace Portfolio.Api.Http;

/// <summary>The one place where refusals become RFC 9457 problem details. Anything not listed is a bug and surfaces as a 500.</summary>
public static class Problems
{
    public static IResult? From(Exception exception) => exception switch
    {
        RequestException e => Validation(e.Status, "The request could not be read.", e.Field, e.Message),
        LedgerRuleViolation e => Validation(StatusCodes.Status422UnprocessableEntity, "The request breaks an accounting rule.", e.Field, e.Reason),
        NotFoundException e => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.", detail: e.Message),
        ConflictException e => Validation(StatusCodes.Status409Conflict, "The request conflicts with the current state.", e.Field, e.Message),
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

    /// <summary>Runs a handler and maps the refusals it throws.</summary>
    public static async Task<IResult> Handle(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (Exception e) when (From(e) is { } problem)
        {
            return problem;
        }
    }
}
