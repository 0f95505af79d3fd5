namespace Bio.Core.Users;

[GenerateSerializer, Alias("bio.UserAlreadyExistsException")]
public sealed class UserAlreadyExistsException : Exception
{
    public UserAlreadyExistsException() { }

    public UserAlreadyExistsException(string userId)
        : base($"A user with id '{userId}' already exists.") { }

    public UserAlreadyExistsException(string message, Exception inner) : base(message, inner) { }
}
