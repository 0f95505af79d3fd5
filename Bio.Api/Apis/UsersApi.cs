using Bio.Api.Auth;
using Bio.Core.Users;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Bio.Api.Apis;

public static class UsersApi
{
    public static IEndpointRouteBuilder MapUsersApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/users")
            .WithTags("Users")
            .RequireAuthorization(Policies.Admin)
            .MapPost("/", CreateUserAsync)
            .WithName("CreateUser")
            .WithSummary("Create a user (admin). Returns the user's API key once; only a salted hash is kept.")
            .WithAccess(Who.Admin);

        var user = app.MapGroup("/api/users/{userId}").WithTags("Users").RequireUserAccess();
        user.MapGet("/", GetUserAsync)
            .WithName("GetUser")
            .WithSummary("A user's profile (that user, a coach they granted, or an admin).")
            .WithAccess(Who.Owner | Who.Coach | Who.Admin);
        user.MapPatch("/", UpdateUserAsync)
            .WithName("UpdateUser")
            .WithSummary("Change the display name and/or the time zone (IANA id; the daily and weekly reminders follow the new zone), and any of heightCm, weightKg, birthYear and sex (\"female\" or \"male\"), which the plan's fuel targets use.");
        user.MapGet("/keys", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IAccountGrain>(userId).GetApiKeysAsync()))
            .WithName("ApiKeys").WithSummary("The user's API keys: ids, names and dates (never the secrets).");
        user.MapPost("/keys", CreateKeyAsync)
            .WithName("CreateApiKey").WithSummary("Issue another named key ({name}); the key is shown this once. Rotate a key by creating its successor, then revoking it.");
        user.MapDelete("/keys/{keyId}", RevokeKeyAsync)
            .WithName("RevokeApiKey").WithSummary("Revoke a key at once (not the last one).");
        user.MapGet("/coaches", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IAccountGrain>(userId).GetCoachesAsync()))
            .WithName("Coaches").WithSummary("The users this person granted read access to their data.");
        user.MapPut("/coaches/{coachId}", async (string userId, string coachId, IClusterClient cluster) =>
            {
                await cluster.GetGrain<IAccountGrain>(userId).GrantCoachAsync(coachId);
                return TypedResults.NoContent();
            })
            .WithName("GrantCoach").WithSummary("Grant another user (a coach) read access: profile, daily, workouts, status, gold views, insights, forecasts and reports. Not imports, SQL, the agent, keys, export or delete.");
        user.MapDelete("/coaches/{coachId}", RevokeCoachAsync)
            .WithName("RevokeCoach").WithSummary("Take a coach's read access back, at once.");
        user.MapGet("/athletes", async (string userId, IClusterClient cluster) =>
                TypedResults.Ok(await cluster.GetGrain<IAthletesGrain>(userId).GetAsync()))
            .WithName("Athletes").WithSummary("The people who granted this user read access (read their data at /api/users/{athleteId}/...).");
        user.MapGet("/audit", async (string userId, Bio.Core.Audit.AuditStore audit, DateOnly? from, DateOnly? to) =>
                TypedResults.Ok(await audit.ReadAsync(userId, from, to)))
            .WithName("Audit").WithSummary("Every access to this person's data, allowed or refused: when, who (owner, coach, admin, or another key), which key id, what, the status, and for SQL and the agent the SHA-256 of the statement or question and the rows. Optional from/to (UTC days).");
        user.MapDelete("/", DeleteUserAsync)
            .WithName("DeleteUser")
            .WithSummary("Erase the user: reminders, every stored file (uploads, lake, forecasts, reports) and the account. The keys stop working at once.")
            .WithAccess(Who.Owner | Who.Admin);
        return app;
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> UpdateUserAsync(string userId, UpdateUserRequest request, IClusterClient cluster)
    {
        var grain = cluster.GetGrain<IAccountGrain>(userId);
        if (await grain.GetProfileAsync() is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no user '{userId}'.");
        }

        var profile = await grain.UpdateProfileAsync(request.DisplayName, request.TimeZone);
        if (request.Body is { } body)
        {
            profile = await grain.UpdateBodyAsync(body);
        }

        return TypedResults.Ok(UserResponse.From(profile));
    }

    public static async Task<Created<Bio.Core.Auth.IssuedApiKey>> CreateKeyAsync(string userId, CreateKeyRequest request, IClusterClient cluster) =>
        TypedResults.Created($"/api/users/{userId}/keys", await cluster.GetGrain<IAccountGrain>(userId).CreateApiKeyAsync(request.Name ?? ""));

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(string userId, string keyId, IClusterClient cluster) =>
        await cluster.GetGrain<IAccountGrain>(userId).RevokeApiKeyAsync(keyId)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no key '{keyId}'.");

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeCoachAsync(string userId, string coachId, IClusterClient cluster) =>
        await cluster.GetGrain<IAccountGrain>(userId).RevokeCoachAsync(coachId)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"'{coachId}' has no access to revoke.");

    public static async Task<Results<Ok<DeletedUserResponse>, ProblemHttpResult>> DeleteUserAsync(string userId, IClusterClient cluster, HttpContext http)
    {
        var grain = cluster.GetGrain<IAccountGrain>(userId);
        if (await grain.GetProfileAsync() is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no user '{userId}'.");
        }

        var deleted = await grain.DeleteAsync();
        http.Audit(new Bio.Core.Audit.AuditDetail(Note: $"{deleted} files erased"));
        return TypedResults.Ok(new DeletedUserResponse(userId, deleted));
    }

    public static async Task<Results<Created<CreatedUserResponse>, ValidationProblem, ProblemHttpResult>> CreateUserAsync(
        CreateUserRequest request, IClusterClient cluster)
    {
        var errors = request.Validate();
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, detail: string.Join(" ", errors.Values.SelectMany(v => v)));
        }

        var id = request.Id ?? UserId.New();
        try
        {
            var created = await cluster.GetGrain<IAccountGrain>(id).CreateAsync(new CreateUser(request.DisplayName!.Trim(), request.TimeZone!));
            return TypedResults.Created($"/api/users/{id}", CreatedUserResponse.From(created));
        }
        catch (UserAlreadyExistsException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already exists", detail: e.Message);
        }
    }

    public static async Task<Results<Ok<UserResponse>, ProblemHttpResult>> GetUserAsync(string userId, IClusterClient cluster)
    {
        var profile = await cluster.GetGrain<IAccountGrain>(userId).GetProfileAsync();
        return profile is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no user '{userId}'.")
            : TypedResults.Ok(UserResponse.From(profile));
    }
}

public sealed record CreateUserRequest(string? Id, string? DisplayName, string? TimeZone)
{
    public Dictionary<string, string[]> Validate()
    {
        var errors = new Dictionary<string, string[]>();
        if (Id is not null && !UserId.IsValid(Id))
        {
            errors["id"] = [UserId.Describe(Id)];
        }

        if (string.IsNullOrWhiteSpace(DisplayName) || DisplayName.Trim().Length > 100)
        {
            errors["displayName"] = ["displayName is required and must be at most 100 characters."];
        }

        if (!TimeZones.TryGet(TimeZone, out _))
        {
            errors["timeZone"] = [TimeZones.Describe(TimeZone)];
        }

        return errors;
    }
}

public sealed record UpdateUserRequest(string? DisplayName, string? TimeZone, double? HeightCm = null, double? WeightKg = null, int? BirthYear = null, string? Sex = null)
{
    /// <summary>The body fields given, or null when none is.</summary>
    public BodyProfile? Body => HeightCm is null && WeightKg is null && BirthYear is null && Sex is null ? null : new(HeightCm, WeightKg, BirthYear, Sex);
}

public sealed record CreateKeyRequest(string? Name);

public sealed record DeletedUserResponse(string Id, int FilesDeleted);

public sealed record UserResponse(string Id, string DisplayName, string TimeZone, DateTimeOffset CreatedAt, BodyProfile? Body = null)
{
    public static UserResponse From(UserProfile p) => new(p.Id, p.DisplayName, p.TimeZone, p.CreatedAt, p.Body);
}

public sealed record CreatedUserResponse(string Id, string DisplayName, string TimeZone, DateTimeOffset CreatedAt, string ApiKey)
{
    public static CreatedUserResponse From(UserCreated c) =>
        new(c.Profile.Id, c.Profile.DisplayName, c.Profile.TimeZone, c.Profile.CreatedAt, c.ApiKey);
}
