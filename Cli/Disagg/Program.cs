using Disagg.Cli;

return await DisaggCommand.RunAsync(args);
