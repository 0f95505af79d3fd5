namespace Bio.Silo.Users;

/// <summary>
/// A point in every long job of a person's data grain, just before its new version is published (the
/// lake version is written; readers still see the one before). Nothing happens there in production; a
/// test replaces it to hold a job open and check that the person's reads go on meanwhile.
/// </summary>
public class WorkHooks
{
    public virtual Task BeforePublishAsync(string userId) => Task.CompletedTask;
}
