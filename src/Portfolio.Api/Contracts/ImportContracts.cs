using Portfolio.Application.Imports;

namespace Portfolio.Api.Contracts;

/// <summary>What an import booked (or, in a dry run, would book) in booking order, the rows it skipped as already booked, and the rows it cannot book.</summary>
public sealed record ImportResponse(
    string Format, bool DryRun, int Booked, IReadOnlyList<TransactionResponse> Transactions,
    IReadOnlyList<ImportDuplicate> Duplicates, IReadOnlyList<ImportError> Errors)
{
    public static ImportResponse From(ImportResult result) => new(
        result.Format, result.DryRun, result.Booked,
        result.Transactions.Select(t => TransactionResponse.From(t.Entry, t.Realized)).ToList(),
        result.Duplicates, result.Errors);
}
