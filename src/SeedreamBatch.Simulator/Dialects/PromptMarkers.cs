namespace SeedreamBatch.Simulator.Dialects;

/// <summary>Whole-word, case-insensitive search for the configured content-policy marker words.</summary>
internal static class PromptMarkers
{
    public static bool Contains(string text, string marker)
    {
        if (string.IsNullOrEmpty(marker))
        {
            return false;
        }

        var from = 0;
        while (true)
        {
            var at = text.IndexOf(marker, from, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            var end = at + marker.Length;
            // Whole word only, so "sim-blocked" does not fire inside "sim-blocked-output".
            if ((at == 0 || !IsWordChar(text[at - 1])) && (end == text.Length || !IsWordChar(text[end])))
            {
                return true;
            }

            from = at + 1;
        }
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '_';
}
