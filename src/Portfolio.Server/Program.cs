using Portfolio.Server;

if (args is ["token", ..]) return TokenCommand.Run(args[1..]);

var app = ServerApp.Build(args);
await ServerApp.InitializeAsync(app);
await app.RunAsync();
return 0;
