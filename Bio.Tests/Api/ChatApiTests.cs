using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Bio.Tests.Api;

[Collection(ApiCollection.Name)]
public sealed class ChatApiTests(ApiFixture api)
{
    private static async Task<JsonElement> AskAsync(HttpClient client, string id, string message, string? conversationId = null)
    {
        using var response = await client.PostAsJsonAsync($"/api/users/{id}/chat", new { message, conversationId });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task AQuestionIsAnsweredWithItsEvidenceAndAFollowUpKeepsTheConversation()
    {
        var (id, key) = await api.CreateUserAsync("Chat", "UTC");
        using var client = api.Client(key);
        (await client.PostAsync($"/api/users/{id}/synthetic?days=60&seed=5", null)).EnsureSuccessStatusCode();

        var first = await AskAsync(client, id, "What was my average HRV last week?");
        Assert.Equal("offline", first.GetProperty("engine").GetString());
        Assert.Equal("answered", first.GetProperty("kind").GetString());
        Assert.StartsWith("SELECT", first.GetProperty("sql").GetString(), StringComparison.Ordinal);
        Assert.Equal("query_sql", first.GetProperty("functions")[0].GetProperty("name").GetString());
        Assert.Equal(first.GetProperty("columns").GetArrayLength(), first.GetProperty("rows")[0].GetArrayLength());
        var value = first.GetProperty("rows")[0][0].GetDouble();
        Assert.Contains(value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture), first.GetProperty("answer").GetString(), StringComparison.Ordinal);

        var conversation = first.GetProperty("conversationId").GetString();
        var followUp = await AskAsync(client, id, "and the week before?", conversation);
        Assert.Equal(conversation, followUp.GetProperty("conversationId").GetString());
        Assert.Contains("the week before", followUp.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(first.GetProperty("sql").GetString(), followUp.GetProperty("sql").GetString());

        // The same question again, in a new conversation: served from the cache, same answer.
        var again = await AskAsync(client, id, "What was my average HRV last week?");
        Assert.True(again.GetProperty("cached").GetBoolean());
        Assert.Equal(first.GetProperty("answer").GetString(), again.GetProperty("answer").GetString());
        Assert.NotEqual(conversation, again.GetProperty("conversationId").GetString());
    }

    [Fact]
    public async Task TheDaysStatusNamesTheDevicesScoreAsItsDeviceDoes()
    {
        // A WHOOP person: their recovery is "WHOOP recovery N %" in the answer, never a "readiness".
        var (id, key) = await api.CreateUserAsync("Whoop status", "UTC");
        using var client = api.Client(key);
        await api.ImportFixturesAsync(id, key, "whoop/my_whoop_data_2024_11_05.zip");
        var status = await client.GetFromJsonAsync<JsonElement>($"/api/users/{id}/status");
        var recovery = status.GetProperty("readiness").GetProperty("deviceReadiness").GetDouble();
        Assert.Equal("WHOOP recovery (%)", status.GetProperty("readiness").GetProperty("deviceScore").GetString());

        var answer = (await AskAsync(client, id, "should i train hard tomorrow")).GetProperty("answer").GetString()!;
        Assert.Contains($"WHOOP recovery {recovery.ToString("0", System.Globalization.CultureInfo.InvariantCulture)} %", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("device readiness", answer, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task TheAnswerStreamsAsServerSentEvents()
    {
        var (id, key) = await api.CreateUserAsync("Stream", "UTC");
        using var client = api.Client(key);
        (await client.PostAsync($"/api/users/{id}/synthetic?days=30&seed=6", null)).EnsureSuccessStatusCode();

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{id}/chat")
        {
            Content = JsonContent.Create(new { message = "How many workouts did I do in the last 14 days?" }),
        };
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ParseEvents(await response.Content.ReadAsStringAsync());

        Assert.Equal(["tool", "answer"], events.Select(e => e.Event));
        Assert.Equal("query_sql", events[0].Data.GetProperty("name").GetString());
        Assert.Contains("workouts", events[1].Data.GetProperty("answer").GetString(), StringComparison.Ordinal);

        using var streamed = await client.PostAsJsonAsync($"/api/users/{id}/chat/stream", new { message = "Am I overtraining?" });
        Assert.Equal("answer", ParseEvents(await streamed.Content.ReadAsStringAsync())[^1].Event);
    }

    [Fact]
    public async Task BadQuestionsGetAProblemWithASentence()
    {
        var (id, key) = await api.CreateUserAsync("Bad", "UTC");
        var (other, _) = await api.CreateUserAsync("Other", "UTC");
        using var client = api.Client(key);

        foreach (var (body, status, words) in new[]
        {
            ("{\"message\": \"\"}", HttpStatusCode.BadRequest, "message is required"),
            ("{\"message\": \"" + new string('x', 2001) + "\"}", HttpStatusCode.BadRequest, "the limit is 2000"),
            ("{\"message\": \"hi\", \"conversationId\": \"../../etc\"}", HttpStatusCode.BadRequest, "conversationId must be"),
            ("{\"message\": ", HttpStatusCode.BadRequest, "not valid JSON"),
        })
        {
            using var response = await client.PostAsync($"/api/users/{id}/chat", new StringContent(body, Encoding.UTF8, "application/json"));
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(words, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using var text = await client.PostAsync($"/api/users/{id}/chat", new StringContent("What is my HRV?", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);

        // Another user's conversation is out of reach before anything is read.
        using var foreign = await client.PostAsJsonAsync($"/api/users/{other}/chat", new { message = "What was my average HRV last week?" });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        using var anonymous = await api.Client().PostAsJsonAsync($"/api/users/{id}/chat", new { message = "hi" });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // A question before any data: an honest answer, not an error.
        var empty = await AskAsync(client, id, "What was my average HRV last week?");
        Assert.Equal("cannot_answer", empty.GetProperty("kind").GetString());
    }

    private static List<(string Event, JsonElement Data)> ParseEvents(string stream)
    {
        var events = new List<(string, JsonElement)>();
        foreach (var block in stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var lines = block.Split('\n');
            var name = lines.FirstOrDefault(l => l.StartsWith("event: ", StringComparison.Ordinal))?[7..] ?? "message";
            var data = string.Join("\n", lines.Where(l => l.StartsWith("data: ", StringComparison.Ordinal)).Select(l => l[6..]));
            events.Add((name, JsonDocument.Parse(data).RootElement.Clone()));
        }

        return events;
    }
}
