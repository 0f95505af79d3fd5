using System.ClientModel;
using System.Data.Common;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bio.ServiceDefaults;

/// <summary>The configured chat model, if any (connection string <c>llm</c>); Bio works fully without one.</summary>
public sealed class ChatModel(IChatClient? client)
{
    public IChatClient? Client => client;
}

/// <summary>
/// Builds the chat client from the <c>llm</c> connection string:
/// <c>Provider=ollama;Endpoint=(the Ollama URL);Model=llama3.2</c>, or
/// <c>Provider=openai;Endpoint=(the API URL);Key=...;Model=gpt-4o-mini</c> (any OpenAI-compatible
/// endpoint, Azure OpenAI's included).
/// </summary>
public static class ChatModels
{
    /// <summary>
    /// Registers the chat client when the <c>llm</c> connection string is set (a test may register its own
    /// first), and <see cref="ChatModel"/>, which holds it or nothing.
    /// </summary>
    public static TBuilder AddBioChatModel<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        if (builder.Configuration.GetConnectionString(ResourceNames.Llm) is { Length: > 0 } llm)
        {
            builder.Services.AddSingleton(Create(llm));
        }

        builder.Services.AddSingleton(sp => new ChatModel(sp.GetService<IChatClient>()));
        return builder;
    }

    public static IChatClient Create(string connectionString)
    {
        var parts = new DbConnectionStringBuilder { ConnectionString = connectionString };
        string? Get(string key) => parts.TryGetValue(key, out var v) ? v?.ToString() : null;
        var provider = (Get("Provider") ?? "openai").ToUpperInvariant();
        var endpoint = Get("Endpoint") ?? throw new InvalidOperationException("The llm connection string needs an Endpoint.");
        var model = Get("Model") ?? throw new InvalidOperationException("The llm connection string needs a Model.");
        return provider switch
        {
            "OLLAMA" => new OllamaSharp.OllamaApiClient(new Uri(endpoint), model),
            "OPENAI" or "AZURE-OPENAI" or "AZUREOPENAI" => new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(Get("Key") ?? "none"),
                new OpenAI.OpenAIClientOptions { Endpoint = new Uri(endpoint) }).AsIChatClient(),
            _ => throw new InvalidOperationException($"Unknown llm Provider '{provider}': use ollama or openai."),
        };
    }
}
