using Bio.Api;
using Bio.Api.Apis;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBioApi();

var app = builder.Build();

app.UseBioApi();
app.MapDefaultEndpoints();
app.MapUsersApi();
app.MapImportsApi();
app.MapIngestApi();
app.MapConnectionsApi();
app.MapDataApi();
app.MapJournalApi();
app.MapAnalyticsApi();
app.MapQueryApi();
app.MapChatApi();
app.MapReportsApi();
app.MapPlansApi();
app.MapSyntheticApi();

app.Run();
