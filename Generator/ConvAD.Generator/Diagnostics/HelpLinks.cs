namespace ConvAD.Generator.Diagnostics
{
    /// <summary>
    /// Where each diagnostic is explained: its section of docs/diagnostics.md in the repository, by the anchor the
    /// catalog gives every ID (<c>&lt;a id="cvad001"&gt;</c>). One form for every ID, so a link never depends on a
    /// heading's wording and stays valid when a title changes.
    /// </summary>
    internal static class HelpLinks
    {
        /// <summary>
        /// The catalog's address on the main branch of the repository. The public address is not settled yet: this is the
        /// intended one, the only place it is written (HelpLinkTests checks the form); change it here when it is.
        /// </summary>
        public const string Catalog = "https://github.com/convad/convad/blob/main/docs/diagnostics.md";

        /// <summary>The link to the section of the diagnostic <paramref name="id"/> (e.g. CVAD001 → …/diagnostics.md#cvad001).</summary>
        public static string For(string id) => Catalog + "#" + id.ToLowerInvariant();
    }
}
