using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Portfolio.Api;
using Portfolio.Api.Contracts;
using Portfolio.Application.Imports;

namespace Portfolio.Server;

/// <summary>
/// What the OpenAPI document needs beyond what the routes declare: the bearer scheme every <c>/api</c> route requires,
/// tag descriptions, a license, request examples, the precision of rounded ratios, and a server URL without a trailing
/// slash. Summaries and descriptions come from the handlers' XML docs.
/// </summary>
internal static class ApiDocument
{
    public const string BearerScheme = "bearer";

    private static readonly Dictionary<string, string> Tags = new()
    {
        [PortfolioRoutes.AccountsTag] = "The caller's accounts: type, currency, lot method, cash tracking.",
        [PortfolioRoutes.TransactionsTag] = "The append-only transaction log an account's positions, lots and gains are replayed from.",
        [PortfolioRoutes.HoldingsTag] = "Views derived from the log and the latest prices: positions, tax lots, realized gains, performance.",
        [PortfolioRoutes.TargetsTag] = "Target allocation, drift, trades to target and drift alerts.",
        [PortfolioRoutes.PricesTag] = "Quotes: the latest with its source, time and stale flag, and history.",
        [PortfolioRoutes.OrdersTag] = "Paper-trading orders: market and limit, day or good-till-cancelled, filled against the stored quotes and booked as transactions.",
        [PortfolioRoutes.NotificationsTag] = "The caller's notifications (orders filled, expired, rejected; price alerts fired; drift alerts opened, resolved): inbox, server-sent events and a signed webhook.",
        [PortfolioRoutes.WatchlistTag] = "Symbols the caller watches (priced like held ones) and price alerts that fire once per crossing.",
        [PortfolioRoutes.ImportExportTag] = "Broker files in, this product's CSV, Beancount and Ghostfolio files out.",
        [PortfolioRoutes.TaxTag] = "Form 8949 lines and Schedule D totals of a tax year, for taxable accounts.",
        [PortfolioRoutes.AdminTag] = "Operations that need a token with the admin role: pushing prices, booking corporate actions.",
    };

    private static readonly Dictionary<string, string> RequestExamples = new()
    {
        ["CreateAccount"] = """{"name": "Brokerage", "type": "taxable", "currency": "USD", "lotMethod": "fifo", "tracksCash": true, "allowsFractionalShares": false, "marginAllowance": 0}""",
        ["RecordTransaction"] = """{"type": "buy", "tradeDate": "2024-06-03", "symbol": "VTI", "quantity": 10, "price": 250.5, "fee": 1}""",
        ["PlaceOrder"] = """{"side": "buy", "symbol": "VTI", "quantity": 10, "type": "limit", "limitPrice": 250, "timeInForce": "gtc"}""",
        ["MarkNotificationsRead"] = """{"ids": ["evt_3f1c2a9b8d7e6f5a4b3c2d1e"]}""",
        ["PutWebhook"] = """{"url": "https://hooks.example.org/portfolio", "secret": "a-long-random-shared-secret"}""",
        ["PutWatchlist"] = """{"symbols": ["VTI", "BND", "AAPL"]}""",
        ["CreatePriceAlert"] = """{"symbol": "VTI", "above": 260}""",
        ["PutTargets"] = """{"targets": {"VTI": 60, "BND": 40}, "tolerance": 5}""",
        ["PushPrices"] = """{"quotes": [{"symbol": "VTI", "price": 251.25, "asOf": "2024-06-03T18:00:00Z", "source": "feed", "kind": "realTime"}]}""",
        ["ApplyCorporateAction"] = """{"type": "split", "tradeDate": "2024-06-10", "symbol": "NVDA", "newShares": 10, "oldShares": 1}""",
    };

    /// <summary>Files sent or answered as text: an example per operation and media type.</summary>
    private static readonly Dictionary<string, (string Media, string Example)[]> FileExamples = new()
    {
        ["ImportTransactions"] =
        [
            ("text/csv", "date,type,symbol,quantity,price,fee,amount\r\n2024-06-03,deposit,,,,,5000\r\n2024-06-03,buy,VTI,10,250.5,1,\r\n"),
            ("application/xml", "<FlexQueryResponse><FlexStatements count=\"1\"><FlexStatement><Trades><Trade symbol=\"VTI\" tradeDate=\"20240603\" buySell=\"BUY\" quantity=\"10\" tradePrice=\"250.5\" ibCommission=\"-1\" /></Trades></FlexStatement></FlexStatements></FlexQueryResponse>"),
            ("application/json", """{"activities": [{"type": "BUY", "symbol": "VTI", "quantity": 10, "unitPrice": 250.5, "fee": 1, "date": "2024-06-03T00:00:00.000Z", "currency": "USD"}]}"""),
        ],
    };

    /// <summary>Files answered: an example per operation and media type of its 200 answer.</summary>
    private static readonly Dictionary<string, (string Media, string Example)[]> FileAnswerExamples = new()
    {
        ["ExportTransactions"] =
        [
            ("text/csv", "date,type,symbol,quantity,price,fee,amount\r\n2024-06-03,deposit,,,,,5000\r\n2024-06-03,buy,VTI,10,250.5,1,\r\n"),
            ("text/plain", """
                option "title" "Brokerage"
                option "operating_currency" "USD"

                2024-06-03 commodity VTI
                  symbol: "VTI"

                2024-06-03 open Assets:Brokerage:Cash USD
                2024-06-03 open Income:Brokerage:Gains USD
                2024-06-03 open Equity:Brokerage:Transfers USD
                2024-06-03 open Assets:Brokerage:VTI VTI "FIFO"

                2024-06-03 * "Deposit"
                  id: "tx_1"
                  Assets:Brokerage:Cash  5000 USD
                  Equity:Brokerage:Transfers  -5000 USD

                2024-06-03 * "Buy 10 VTI at 250.5, fee 1"
                  id: "tx_2"
                  Assets:Brokerage:VTI  10 VTI {{2506 USD, 2024-06-03, "tx_2"}}
                  Assets:Brokerage:Cash  -2506 USD

                2024-06-03 price VTI 250.5 USD
                2024-07-01 * "Sell 4 VTI at 260"
                  id: "tx_3"
                  Assets:Brokerage:VTI  -4 VTI {} @ 260 USD
                  Assets:Brokerage:Cash  1040.00 USD
                  Income:Brokerage:Gains

                """),
            ("application/json", """
                {"meta": {"date": "2024-07-02T12:00:00.000Z", "version": "portfolio-functions"},
                 "accounts": [{"balance": 3534, "currency": "USD", "id": "acc_1", "name": "Brokerage", "platformId": null}],
                 "activities": [
                  {"accountId": "acc_1", "comment": "id tx_2", "fee": 1, "quantity": 10, "type": "BUY", "unitPrice": 250.5, "currency": "USD", "dataSource": "YAHOO", "date": "2024-06-03T00:00:00.000Z", "symbol": "VTI"},
                  {"accountId": "acc_1", "comment": "id tx_3", "fee": 0, "quantity": 4, "type": "SELL", "unitPrice": 260, "currency": "USD", "dataSource": "YAHOO", "date": "2024-07-01T00:00:00.000Z", "symbol": "VTI"}]}
                """),
        ],
        ["Form8949"] =
        [
            ("text/csv", "Part,Box,(a) Description of property,(b) Date acquired,(c) Date sold or disposed of,(d) Proceeds (sales price),(e) Cost or other basis,(f) Code(s) from instructions,(g) Amount of adjustment to gain or loss,(h) Gain or (loss)\r\n"
                + "I,C,100 sh. X,01/02/2024,03/01/2024,750.00,1000.00,W,250.00,0.00\r\nI,C,Totals (line 2),,,750.00,1000.00,,250.00,0.00\r\nII,F,Totals (line 2),,,0.00,0.00,,0.00,0.00\r\n"),
        ],
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Portfolio Functions API",
                Version = "v1",
                Description = "Investment-portfolio accounting: positions, cash and tax lots derived from an append-only transaction log; "
                              + "realized and unrealized gains, returns, target allocations and drift alerts. Money and quantities are exact "
                              + $"decimals; percentages are rounded to {Precision.PercentDecimals} decimal places and returns (fractions) to "
                              + $"{Precision.ReturnDecimals}. Errors are RFC 9457 problem details naming the field and the reason.",
                License = new OpenApiLicense { Name = "Proprietary", Url = new Uri("https://example.org/portfolio-functions/license") },
            };
            foreach (var server in document.Servers ?? []) server.Url = server.Url?.TrimEnd('/');
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "HS256 JWT signed with Auth:SigningKey (mint one with `Portfolio.Server token --user NAME [--admin]`).",
            };
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Key, Description = t.Value }));
            return Task.CompletedTask;
        });

        options.AddOperationTransformer((operation, context, _) =>
        {
            if (context.Description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true)
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            if (operation.OperationId is { } id && RequestExamples.TryGetValue(id, out var example)
                && operation.RequestBody?.Content?.TryGetValue("application/json", out var media) == true && media is OpenApiMediaType json)
                json.Example = JsonNode.Parse(example);
            if (operation.OperationId is { } fileId && FileExamples.TryGetValue(fileId, out var files))
            {
                if (operation.RequestBody is OpenApiRequestBody fileBody) fileBody.Description = "The file, in the format that the format parameter names.";
                foreach (var (mediaType, text) in files)
                    if (operation.RequestBody?.Content?.TryGetValue(mediaType, out var content) == true && content is OpenApiMediaType file)
                        file.Example = JsonValue.Create(text);
            }
            if (operation.OperationId == "ImportTransactions"
                && operation.Parameters?.FirstOrDefault(p => p.Name == "format") is OpenApiParameter { Schema: OpenApiSchema formatSchema } format)
            {
                // The formats the import knows, as registered: a client sees each one and an example.
                formatSchema.Enum = context.ApplicationServices.GetRequiredService<ImportService>().Formats.Select(f => (JsonNode)JsonValue.Create(f)).ToList();
                format.Example = JsonValue.Create("fidelity");
            }
            if (operation.OperationId is { } answerId && FileAnswerExamples.TryGetValue(answerId, out var answers)
                && operation.Responses?.TryGetValue("200", out var ok) == true)
                foreach (var (mediaType, text) in answers)
                    if (ok.Content?.TryGetValue(mediaType, out var content) == true && content is OpenApiMediaType file)
                        file.Example = JsonValue.Create(text);
            return Task.CompletedTask;
        });

        options.AddSchemaTransformer((schema, context, _) =>
        {
            // Money and quantities are exact decimals: a generator must not map them to binary floating point.
            if (context.JsonTypeInfo.Type == typeof(decimal) || context.JsonTypeInfo.Type == typeof(decimal?)) schema.Format = "decimal";
            // Null fields are left out of answers (and may be left out of requests), so a nullable field is never required.
            if (schema.Required is { Count: > 0 } required && schema.Properties is { } properties)
                foreach (var (name, property) in properties)
                    if (property.Type is { } type && type.HasFlag(JsonSchemaType.Null)) required.Remove(name);
            foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (property is not OpenApiSchema concrete) continue;
                if (Precision.PercentFields.Contains(name))
                    concrete.Description = $"Percent, rounded half away from zero to {Precision.PercentDecimals} decimal places.";
                else if (Precision.ReturnFields.Contains(name))
                    concrete.Description = $"A fraction (0.05 is 5 %), rounded half away from zero to {Precision.ReturnDecimals} decimal places.";
            }
            return Task.CompletedTask;
        });
    }
}
