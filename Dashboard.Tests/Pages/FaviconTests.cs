using Dashboard.Tests.Infrastructure;
using Microsoft.Playwright;
using System.Buffers.Binary;
using System.Net;

namespace Dashboard.Tests.Pages;

/// <summary>
/// The favicon (docs/pages.md "Favicon"): <c>/favicon.ico</c> and the SVG the layout links answer without a session,
/// cacheable for a day, and the ICO (16, 32, 48 px PNGs written by <c>build/favicon.mjs</c>) is the SVG's drawing.
/// </summary>
public sealed class FaviconTests(DashboardServer server, BrowserFixture browser) : IClassFixture<DashboardServer>, IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("/favicon.ico", "image/x-icon")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task The_icon_answers_200_without_a_session_with_its_type_and_a_one_day_public_cache(string path, string type)
    {
        using var http = server.Http();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl is { Public: true }, $"Cache-Control: {response.Headers.CacheControl}");
        Assert.Equal(TimeSpan.FromDays(1), response.Headers.CacheControl.MaxAge);
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task Every_page_links_the_svg_and_the_ico_and_the_browser_decodes_both()
    {
        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        // The sign-in page: anonymous, on the same layout as every other page.
        await page.GotoAsync("/signin");

        var icons = await page.Locator("link[rel=icon]").EvaluateAllAsync<string[]>("links => links.map(l => l.href)");
        Assert.Equal(2, icons.Length);
        Assert.Matches(@"/favicon\.svg\?v=", icons[0]);
        Assert.EndsWith("/favicon.ico", icons[1]);
        foreach (var href in icons)
        {
            var size = await page.EvaluateAsync<int[]>(
                "href => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok([i.naturalWidth, i.naturalHeight]); i.onerror = () => fail(new Error('not decodable: ' + href)); i.src = href; })",
                href);
            Assert.True(size[0] >= 16 && size[0] == size[1], $"{href} decodes as {size[0]}x{size[1]}");
        }
    }

    [Fact]
    public async Task Each_image_of_the_ico_is_the_svg_drawn_at_its_size()
    {
        using var http = server.Http();
        var ico = await http.GetByteArrayAsync("/favicon.ico");
        var svg = await http.GetStringAsync("/favicon.svg");
        var images = ReadIco(ico);
        Assert.Equal([16, 32, 48], images.Select(i => i.Size));

        await using var context = await browser.NewContextAsync(server);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        foreach (var (size, png) in images)
        {
            // Both drawn on a canvas of the image's size by Chromium. Only anti-aliased edge pixels may differ (Chromium's
            // corner coverage and the script's 8 x 8 samples: under 1 per channel on average, under 80 at one pixel);
            // an SVG changed without re-running build/favicon.mjs moves whole pixels by ~240.
            var difference = await page.EvaluateAsync<double[]>("""
                async ([size, svg, png]) => {
                  const load = src => new Promise((ok, fail) => { const i = new Image(); i.onload = () => ok(i); i.onerror = fail; i.src = src; });
                  const pixels = img => { const c = new OffscreenCanvas(size, size); const g = c.getContext('2d'); g.drawImage(img, 0, 0, size, size); return g.getImageData(0, 0, size, size).data; };
                  // The SVG at the image's size (an <img> rasterises an SVG at its own width and height, then scales).
                  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
                  doc.documentElement.setAttribute('width', size);
                  doc.documentElement.setAttribute('height', size);
                  const a = pixels(await load('data:image/svg+xml;base64,' + btoa(new XMLSerializer().serializeToString(doc))));
                  const b = pixels(await load('data:image/png;base64,' + png));
                  let sum = 0, max = 0;
                  // Premultiplied: the colour of a nearly transparent corner pixel is noise, its weight is not.
                  const at = (p, i) => i % 4 === 3 ? p[i] : p[i] * p[i - (i % 4) + 3] / 255;
                  for (let i = 0; i < a.length; i++) { const d = Math.abs(at(a, i) - at(b, i)); sum += d; max = Math.max(max, d); }
                  return [sum / a.length, max];
                }
                """, new object[] { size, svg, Convert.ToBase64String(png) });
            Assert.True(difference[1] <= 128 && difference[0] < 1.5,
                $"the {size} px image differs from the SVG: {difference[0]:0.00} per channel on average, {difference[1]} at most (of 255)");
        }
    }

    // ICONDIR (reserved 0, type 1, count) then 16-byte entries: width, height, …, byte count at 8, offset at 12.
    private static List<(int Size, byte[] Png)> ReadIco(byte[] ico)
    {
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(ico));
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(ico.AsSpan(2)));
        var count = BinaryPrimitives.ReadUInt16LittleEndian(ico.AsSpan(4));
        var images = new List<(int, byte[])>();
        for (var i = 0; i < count; i++)
        {
            var entry = ico.AsSpan(6 + (16 * i), 16);
            Assert.Equal(entry[0], entry[1]);
            var length = BinaryPrimitives.ReadInt32LittleEndian(entry[8..]);
            var offset = BinaryPrimitives.ReadInt32LittleEndian(entry[12..]);
            var png = ico.AsSpan(offset, length).ToArray();
            Assert.True(png.AsSpan(0, 8).SequenceEqual((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), $"image {i} is not a PNG");
            images.Add((entry[0] == 0 ? 256 : entry[0], png));
        }

        return images;
    }
}
