namespace Bio.Core.Users;

/// <summary>A request the grain refused because its content is invalid; the message is for people.</summary>
[GenerateSerializer, Alias("bio.UserValidationException")]
public sealed class UserValidationException : Exception
{
    public UserValidationException() { }

    public UserValidationException(string message) : base(message) { }

    public UserValidationException(string message, Exception inner) : base(message, inner) { }
}
