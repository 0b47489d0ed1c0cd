using SeedreamBatch.Imaging.Interop;

namespace SeedreamBatch.Imaging.Tests.Interop;

public sealed class VipsCanvasTests
{
    [Fact]
    public void DrawCircle_Filled_PaintsCentreAndLeavesCornerBackground()
    {
        using var canvas = new VipsCanvas(100, 80, 255, 255, 255);

        canvas.DrawCircle(50, 40, 20, [255, 0, 0]);
        using VipsImage snapshot = canvas.Snapshot();

        Assert.Equal([255, 0, 0], TestImages.Pixel(snapshot, 50, 40));
        Assert.Equal([255, 255, 255], TestImages.Pixel(snapshot, 2, 2));
    }

    [Fact]
    public void Snapshot_ThenDrawMore_SnapshotKeepsEarlierPixels()
    {
        using var canvas = new VipsCanvas(20, 20, 0, 0, 0);
        using VipsImage before = canvas.Snapshot();

        canvas.DrawRect(0, 0, 20, 20, [9, 9, 9]);

        Assert.Equal([0, 0, 0], TestImages.Pixel(before, 10, 10));
        using VipsImage after = canvas.Snapshot();
        Assert.Equal([9, 9, 9], TestImages.Pixel(after, 10, 10));
    }

    [Fact]
    public void DrawText_PaintsInkInsideTheTextBox()
    {
        using var canvas = new VipsCanvas(300, 100, 255, 255, 255);
        (int w, int h) = VipsCanvas.MeasureText("HELLO", "sans bold 40");

        canvas.DrawText("HELLO", 10, 10, [0, 0, 0], "sans bold 40");
        using VipsImage snapshot = canvas.Snapshot();
        using VipsImage box = snapshot.Crop(10, 10, w, h);
        using VipsResult min = VipsOperation.Call("min", new VipsArguments { ["in"] = box });

        Assert.True(w > 40 && h > 10, $"text box {w}x{h}");
        Assert.True(min.Get<double>("out") < 50, "some pixel in the text box is dark");
        Assert.Equal([255, 255, 255], TestImages.Pixel(snapshot, 299, 99));
    }

    [Fact]
    public void ToJpeg_HigherQuality_ProducesLargerFile()
    {
        using VipsImage noisy = TestImages.Noisy(256, 256);

        byte[] low = noisy.ToJpeg(30);
        byte[] high = noisy.ToJpeg(95);

        Assert.True(high.Length > low.Length * 1.5, $"Q95 {high.Length} bytes vs Q30 {low.Length} bytes");
        Assert.Equal(0xFF, low[0]);
        Assert.Equal(0xD8, low[1]);
    }
}
