using System;
using System.Collections.Generic;
using System.Linq;
using ConvAD.Evaluation;
using ConvAD.Explanation;
using SixLabors.ImageSharp.PixelFormats;
using Xunit;

namespace ConvAD.Tests.Evaluation
{
    public sealed class FairBackgroundTests
    {
        private static readonly BackgroundKind[] NewKinds = { BackgroundKind.MultiscaleBlurredNoise, BackgroundKind.Gradient, BackgroundKind.ShuffledTiles };

        [Fact]
        public void Every_kind_is_deterministic_for_a_seed_and_changes_with_it()
        {
            Background[] sources = Sources();
            foreach (BackgroundKind kind in Enum.GetValues<BackgroundKind>())
            {
                var a = NonInformativeBackgrounds.Generate(4, 40, 36, 7, new[] { kind }, sources);
                var b = NonInformativeBackgrounds.Generate(4, 40, 36, 7, new[] { kind }, sources);
                var c = NonInformativeBackgrounds.Generate(4, 40, 36, 8, new[] { kind }, sources);
                for (int j = 0; j < 4; j++)
                {
                    Assert.Equal(kind, a[j].Kind);
                    Assert.Equal(a[j].Pixels.ToArray(), b[j].Pixels.ToArray());
                    Assert.NotEqual(a[j].Pixels.ToArray(), c[j].Pixels.ToArray());
                }
            }
        }

        [Fact]
        public void The_legacy_set_is_the_previous_protocols_backgrounds()
        {
            var legacy = NonInformativeBackgrounds.Generate(9, 16, 16, 2, BackgroundKinds.Parse("legacy"));
            var previous = NonInformativeBackgrounds.Generate(9, 16, 16, 2);
            for (int j = 0; j < 9; j++)
            {
                Assert.Equal(BackgroundSet.DefaultKind(j), legacy[j].Kind);
                Assert.Equal(previous[j].Pixels.ToArray(), legacy[j].Pixels.ToArray());
            }
        }

        [Fact]
        public void Gradients_are_smooth_and_not_constant()
        {
            foreach (Background g in NonInformativeBackgrounds.Generate(6, 32, 24, 3, new[] { BackgroundKind.Gradient }))
            {
                Rgb24[] p = g.Pixels.ToArray();
                Assert.True(p.Distinct().Count() > 1, "a gradient is not a solid colour");
                for (int y = 0; y < 24; y++)
                {
                    for (int x = 0; x < 32; x++)
                    {
                        if (x + 1 < 32)
                        {
                            Assert.True(MaxStep(p[y * 32 + x], p[y * 32 + x + 1]) <= 255 / 31 + 2);
                        }

                        if (y + 1 < 24)
                        {
                            Assert.True(MaxStep(p[y * 32 + x], p[(y + 1) * 32 + x]) <= 255 / 23 + 2);
                        }
                    }
                }
            }
        }

        [Fact]
        public void Multiscale_blobs_get_coarser_in_turn()
        {
            var blobs = NonInformativeBackgrounds.Generate(4, 64, 64, 5, new[] { BackgroundKind.MultiscaleBlurredNoise });
            double[] roughness = blobs.Select(b => Roughness(b.Pixels.ToArray(), 64)).ToArray();
            for (int j = 0; j + 1 < 4; j++)
            {
                Assert.True(roughness[j] > roughness[j + 1], string.Join(", ", roughness));
            }

            Assert.All(blobs, b => Assert.Equal(255, b.Pixels.ToArray().Max(p => p.G)));
        }

        [Fact]
        public void Shuffled_tiles_are_crops_of_the_sources_never_in_their_own_place()
        {
            // A source as big as the background: a tile kept in place would show up as the source's own pixels there.
            Background[] sources = Sources();
            const int W = 48, H = 40, T = NonInformativeBackgrounds.TileSize;
            foreach (Background b in NonInformativeBackgrounds.Generate(8, W, H, 11, new[] { BackgroundKind.ShuffledTiles }, sources))
            {
                Rgb24[] p = b.Pixels.ToArray();
                for (int ty = 0; ty < H; ty += T)
                {
                    for (int tx = 0; tx < W; tx += T)
                    {
                        int w = Math.Min(T, W - tx), h = Math.Min(T, H - ty);
                        var found = FindCrops(p, W, tx, ty, w, h, sources).ToList();
                        Assert.NotEmpty(found);
                        Assert.DoesNotContain(found, f => f.X == tx && f.Y == ty);
                    }
                }
            }
        }

        [Fact]
        public void Tiles_need_sources()
        {
            Assert.Throws<ArgumentException>(() => NonInformativeBackgrounds.Generate(2, 16, 16, 0, new[] { BackgroundKind.ShuffledTiles }));
        }

        [Fact]
        public void The_default_set_gives_no_mode_a_home_advantage_and_legacy_does()
        {
            Assert.Equal(NewKinds, BackgroundKinds.Default);
            Assert.Empty(BackgroundKinds.HomeAdvantages(BackgroundKinds.Default, Perturbation.All()));
            var legacy = BackgroundKinds.HomeAdvantages(BackgroundKinds.LegacySet, Perturbation.All());
            Assert.Contains((BackgroundKind.UniformNoise, "noise"), legacy);
            Assert.Contains((BackgroundKind.SolidColour, "zero"), legacy);
            Assert.DoesNotContain(legacy, l => l.Mode == "ad" || l.Mode == "blur");
        }

        [Fact]
        public void Kinds_parse_by_name_and_legacy_expands()
        {
            Assert.Equal(new[] { BackgroundKind.UniformNoise, BackgroundKind.SolidColour, BackgroundKind.BlurredNoise, BackgroundKind.ShuffledTiles },
                BackgroundKinds.Parse("legacy, tiles, uniform"));
            Assert.Equal("tiles", BackgroundKind.ShuffledTiles.Name());
            Assert.Throws<ArgumentException>(() => BackgroundKinds.Parse("plaid"));
            Assert.Throws<ArgumentException>(() => BackgroundKinds.Parse(" , "));
        }

        private static IEnumerable<(int Index, int X, int Y)> FindCrops(Rgb24[] p, int width, int tx, int ty, int w, int h, Background[] sources)
        {
            for (int s = 0; s < sources.Length; s++)
            {
                Background src = sources[s];
                Rgb24[] from = src.Pixels.ToArray();
                for (int sy = 0; sy + h <= src.Height; sy++)
                {
                    for (int sx = 0; sx + w <= src.Width; sx++)
                    {
                        bool same = true;
                        for (int y = 0; y < h && same; y++)
                        {
                            for (int x = 0; x < w && same; x++)
                            {
                                same = from[(sy + y) * src.Width + sx + x].Equals(p[(ty + y) * width + tx + x]);
                            }
                        }

                        if (same)
                        {
                            yield return (s, sx, sy);
                        }
                    }
                }
            }
        }

        // Sources whose every pixel is distinct, so a crop is found at exactly one place.
        private static Background[] Sources()
        {
            var result = new Background[2];
            for (int s = 0; s < 2; s++)
            {
                int w = 48, h = 40;
                var pixels = new Rgb24[w * h];
                for (int i = 0; i < pixels.Length; i++)
                {
                    int v = s * pixels.Length + i;
                    pixels[i] = new Rgb24((byte)(v & 255), (byte)((v >> 8) & 255), (byte)(s * 100 + 7));
                }

                result[s] = new Background(BackgroundKind.ShuffledTiles, w, h, pixels);
            }

            return result;
        }

        private static int MaxStep(Rgb24 a, Rgb24 b) => Math.Max(Math.Abs(a.R - b.R), Math.Max(Math.Abs(a.G - b.G), Math.Abs(a.B - b.B)));

        private static double Roughness(Rgb24[] pixels, int width) =>
            Enumerable.Range(0, pixels.Length - 1).Where(i => (i + 1) % width != 0).Average(i => Math.Abs(pixels[i].R - pixels[i + 1].R));
    }
}
