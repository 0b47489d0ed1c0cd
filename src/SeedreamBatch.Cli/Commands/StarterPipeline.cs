namespace SeedreamBatch.Cli.Commands;

/// <summary>The files <c>init</c> writes: a small catalog pipeline that validates, plans and runs against the simulator.</summary>
internal static class StarterPipeline
{
    public static IReadOnlyList<(string RelativePath, string Content)> Files { get; } =
    [
        ("pipeline.yaml", """
            # A starter SeedreamBatch pipeline. Reference: docs/manifest-reference.md
            # Try:  seedream-batch plan pipeline.yaml     (no network, shows jobs and cost)
            #       seedream-batch run pipeline.yaml      (no ARK_API_KEY set → runs on the built-in simulator)
            version: 1
            name: starter-catalog
            provider: ark                 # ark | acedata | openai | sinan | kie | sim
            rows:
              csv: catalog.csv            # one job per row (× matrix × models × sizes × seeds)
            matrix:
              style: [studio, lifestyle]
            prompt:
              file: templates/product.txt
            models: [seedream-4.5]
            sizes: [2048x2048]
            outputs:
              dir: out/{{ run.date }}
              name: "{{ sku }}/{{ style }}"
              variants:
                original: { format: keep }
                web: { width: 1600, format: webp, quality: 82 }
                thumb: { width: 400, height: 400, fit: cover, crop: attention, format: jpeg, quality: 80 }
            budget:
              max_cost_usd: 2.00
            """),
        ("catalog.csv", """
            sku,name,color,material
            TEE-001,crew-neck t-shirt,navy,organic cotton
            MUG-002,stoneware mug,sage green,glazed stoneware
            BAG-003,帆布托特包,natural,canvas

            """),
        ("templates/product.txt", """
            Professional {{ style }} product photograph of a {{ color }} {{ name }} made of {{ material }}.
            Soft even lighting, sharp focus, true-to-life colours, no text, no logos.
            """),
    ];
}
