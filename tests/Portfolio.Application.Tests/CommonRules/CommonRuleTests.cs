using System.Text.Json;
using Portfolio.Application.Accounts;
using Portfolio.Application.Common;
using Portfolio.Application.Ledger;
using Portfolio.Domain;
using Portfolio.Domain.Accounts;
using Portfolio.Domain.Transactions;

namespace Portfolio.Application.Tests.CommonRules;

/// <summary>Secrets from configuration, state failures as problems, the bounded map's pruning and the storage JSON form.</summary>
public class CommonRuleTests
{
    [Fact]
    public void An_unresolved_key_vault_reference_or_a_blank_value_is_no_secret_and_anything_else_is_used_as_it_is()
    {
        Assert.False(Secrets.IsUnresolvedReference(null));
        Assert.False(Secrets.IsUnresolvedReference("s3cret"));
        Assert.True(Secrets.IsUnresolvedReference("  @microsoft.keyvault(SecretUri=https://v.vault.azure.net/secrets/k)"));

        Assert.Null(Secrets.Usable(null));
        Assert.Null(Secrets.Usable(""));
        Assert.Null(Secrets.Usable("   "));
        Assert.Null(Secrets.Usable("@Microsoft.KeyVault(VaultName=v;SecretName=k)"));
        Assert.Equal("s3cret", Secrets.Usable("s3cret"));
    }

    [Fact]
    public void Overflows_out_of_range_values_and_ledger_rule_violations_are_caused_by_the_state_and_other_failures_are_not()
    {
        Assert.True(AccountStateException.IsCausedByState(new OverflowException()));
        Assert.True(AccountStateException.IsCausedByState(new ArgumentOutOfRangeException("x")));
        Assert.True(AccountStateException.IsCausedByState(new LedgerRuleViolation("quantity", "is too large")));
        Assert.False(AccountStateException.IsCausedByState(new InvalidOperationException()));
    }

    [Fact]
    public async Task A_state_failure_inside_a_guard_becomes_an_account_state_problem_naming_the_account_and_the_reason()
    {
        var sync = Assert.Throws<AccountStateException>(() => AccountStateException.Guard<int>("acc_1", () => throw new LedgerRuleViolation("quantity", "is too large")));
        var async = await Assert.ThrowsAsync<AccountStateException>(() => AccountStateException.GuardAsync<int>("acc_2", () => throw new OverflowException("too big")));

        Assert.Equal(("acc_1", "quantity is too large", "account state cannot be valued: quantity is too large"), (sync.AccountId, sync.Reason, sync.Message));
        Assert.Equal(("acc_2", "too big"), (async.AccountId, async.Reason));
        Assert.IsType<OverflowException>(async.InnerException);
        // Any other failure is not the state's: it passes through unchanged.
        Assert.Throws<InvalidOperationException>(() => AccountStateException.Guard<int>("acc_3", () => throw new InvalidOperationException()));
        Assert.Equal(7, AccountStateException.Guard("acc_4", () => 7));
    }

    [Fact]
    public void A_map_filled_through_add_or_update_past_its_capacity_drops_a_tenth_of_the_capacity_at_the_size_check()
    {
        var map = new BoundedMap<int>(100);

        for (var i = 0; i < BoundedMap<int>.WritesPerSizeCheck; i++) map.AddOrUpdate($"k{i}", i, (_, present, added) => added);

        Assert.Equal(1024 - 10, map.Count);
    }

    [Fact]
    public void A_map_holding_exactly_its_capacity_at_the_size_check_drops_nothing()
    {
        var map = new BoundedMap<int>(BoundedMap<int>.WritesPerSizeCheck);

        for (var i = 0; i < BoundedMap<int>.WritesPerSizeCheck; i++) map.Set($"k{i}", i);

        Assert.Equal(1024, map.Count);
    }

    [Fact]
    public void A_stored_account_writes_numbers_as_strings_enums_in_camel_case_no_nulls_and_no_derived_members()
    {
        var account = new Account("acc_1", "alice", "Main", new AccountSettings(AccountType.Taxable, "USD", LotMethod.Fifo, TracksCash: true, MarginAllowance: 1.50m),
            new DateTimeOffset(2024, 6, 3, 18, 0, 0, TimeSpan.Zero), Symbols: ["AAPL"]);

        var json = StorageJson.Serialize(account);

        Assert.Contains("\"marginAllowance\":\"1.50\"", json);
        Assert.Contains("\"type\":\"taxable\"", json);
        Assert.Contains("\"lotMethod\":\"fifo\"", json);
        Assert.Contains("\"symbols\":[\"AAPL\"]", json);
        Assert.DoesNotContain("heldSymbols", json);
        Assert.DoesNotContain("targets", json);
        Assert.Equal(account.Settings, StorageJson.Deserialize<Account>(json).Settings);
        Assert.Equal(1.50m, StorageJson.Deserialize<Account>(json.Replace("\"1.50\"", "1.50")).Settings.MarginAllowance);
        Assert.Equal("empty Account", Assert.Throws<JsonException>(() => StorageJson.Deserialize<Account>("null")).Message);
        Assert.Equal("empty Account", Assert.Throws<JsonException>(() => StorageJson.Deserialize<Account>("null"u8)).Message);
        Assert.True(StorageJson.Options.IsReadOnly);
        // Read-only as made, before any use: no caller can add a converter to the options every store shares.
        Assert.True(StorageJson.Create().IsReadOnly);
    }

    public static TheoryData<string, Transaction> EveryType => new()
    {
        { "buy", new Buy("tx_1", new DateOnly(2024, 5, 1), "AAPL", 2.5m, 180.25m, 1m) },
        { "sell", new Sell("tx_1", new DateOnly(2024, 5, 1), "AAPL", 1m, 190m) },
        { "dividend", new CashDividend("tx_1", new DateOnly(2024, 5, 1), "AAPL", 3.10m) },
        { "split", new Split("tx_1", new DateOnly(2024, 5, 1), "AAPL", 4m, 1m) },
        { "stockDividend", new StockDividend("tx_1", new DateOnly(2024, 5, 1), "AAPL", 0.05m) },
        { "spinOff", new SpinOff("tx_1", new DateOnly(2024, 5, 1), "GE", "GEV", 0.25m, 160m, 140m) },
        { "transferOut", new TransferOut("tx_1", new DateOnly(2024, 5, 1), "AAPL", 1m) },
        { "deposit", new Deposit("tx_1", new DateOnly(2024, 5, 1), 1000m) },
        { "interest", new Interest("tx_1", new DateOnly(2024, 5, 1), 0.42m) },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void A_stored_transaction_is_tagged_with_its_type_name_and_reads_back_as_itself(string type, Transaction transaction)
    {
        var json = TransactionJson.Serialize(transaction);

        Assert.Equal(type, TransactionJson.TypeName(transaction));
        Assert.StartsWith($"{{\"type\":\"{type}\",", json);
        Assert.Equal(json, TransactionJson.Serialize(TransactionJson.Deserialize(json)));
        Assert.Equal(transaction.GetType(), TransactionJson.Deserialize(json).GetType());
        Assert.Equal("empty transaction", Assert.Throws<JsonException>(() => TransactionJson.Deserialize("null")).Message);
    }
}
