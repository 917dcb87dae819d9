namespace Orleans.Dispatch.Silo.View;

/// <summary>Everything the group page shows.</summary>
/// <param name="Group">The group's row, as on the groups page.</param>
/// <param name="Consumers">Its consumers, registered then draining, by id.</param>
/// <param name="ActiveKeys">Ordered keys with a dispatch in progress.</param>
/// <param name="LongestKeyQueue">The most dispatches of one key in progress or waiting.</param>
/// <param name="Seconds">The last five minutes, second by second, oldest first.</param>
/// <param name="DeadLetters">The latest dead letters, newest first.</param>
/// <param name="ServedBy">The silo that answered.</param>
internal sealed record GroupPage(GroupRow Group, IReadOnlyList<ConsumerRow> Consumers, int ActiveKeys, int LongestKeyQueue, IReadOnlyList<SecondRow> Seconds, IReadOnlyList<DeadLetterRow> DeadLetters, string ServedBy);
