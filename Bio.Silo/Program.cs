using Bio.Silo;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBioSilo();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
