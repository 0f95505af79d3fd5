using Bio.Web;
using Bio.Web.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddBioWeb();

var app = builder.Build();

app.UseBioWeb();
app.MapDefaultEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapAccountEndpoints();
app.MapAppEndpoints();

app.Run();
