using System.IO;
using System.Text.Json;
using ConvAD.Cli;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;
using Xunit;

namespace ConvAD.Tests.Cli
{
    /// <summary>explain also draws the explanation on the photo as given, at its size and aspect, through the resize and crop.</summary>
    public sealed class ImageSizePicturesCliTests
    {
        [Fact]
        public void A_non_square_photo_gets_pictures_at_its_own_size_with_each_model_pixel_in_its_place()
        {
            using var scratch = new ScratchDirectory();
            string sidecar = CroppingResNet(scratch);
            // 128×64: the model (shortSide 32, 32×32 crop) sees it halved to 64×32, cropped at x = 16: photo columns 32 to 95.
            string photo = scratch.File("wide.png");
            using (Image<Rgb24> cat = Image.Load<Rgb24>(RepoPaths.File("data", "cifar10-test", "cat", "0000.jpg")))
            using (var wide = new Image<Rgb24>(128, 64, new Rgb24(90, 140, 60)))
            {
                cat.Mutate(x => x.Resize(64, 64));
                wide.Mutate(x => x.DrawImage(cat, new Point(32, 0), 1f));
                wide.SaveAsPng(photo);
            }

            var (exit, output, error) = CliRunner.Run("explain", photo, "-m", sidecar, "--iterations", "2", "-o", scratch.File("out"), "--json");

            Assert.True(exit == ExitCodes.Ok, error);
            JsonElement files = CliRunner.Json(output.Trim()).GetProperty("files");
            JsonElement full = files.GetProperty("full");
            Assert.Equal(scratch.File(Path.Combine("out", "wide.full.mask.png")), full.GetProperty("mask").GetString());
            foreach (string key in new[] { "heatmap", "overlay", "mask" })
            {
                IImageInfo info = Image.Identify(full.GetProperty(key).GetString()!);
                Assert.Equal((128, 64), (info.Width, info.Height));
            }

            using Image<Rgb24> mask = Image.Load<Rgb24>(files.GetProperty("mask").GetString()!);
            using Image<Rgb24> fullMask = Image.Load<Rgb24>(full.GetProperty("mask").GetString()!);
            Assert.Equal((32, 32), (mask.Width, mask.Height));
            int kept = 0;
            for (int y = 0; y < 64; y++)
            {
                for (int x = 0; x < 128; x++)
                {
                    Rgb24 expected = x < 32 || x >= 96 ? new Rgb24(128, 128, 128) : mask[(x - 32) / 2, y / 2];
                    Assert.True(expected == fullMask[x, y], $"photo pixel ({x}, {y})");
                    kept += expected.R == 255 ? 1 : 0;
                }
            }

            Assert.InRange(kept, 4, 64 * 64 - 4); // an explanation that is neither nothing nor everything, so the check above can fail

            using Image<Rgb24> heatmap = Image.Load<Rgb24>(full.GetProperty("heatmap").GetString()!);
            Rgb24 dimmed = heatmap[5, 5];
            Assert.Equal(new Rgb24(30, 46, 20), dimmed); // outside the crop: the photo at a third of its brightness
        }

        // ResNet-20 with a sidecar that crops the centre after resizing the short side to 32, as ImageNet models do at 256/224.
        private static string CroppingResNet(ScratchDirectory scratch)
        {
            scratch.Copy(RepoPaths.File("models", "cifar10", "resnet20.onnx"));
            scratch.Copy(RepoPaths.File("models", "cifar10", "cifar10_classes.txt"));
            return scratch.Write("resnet20.convad.json", """
                {
                  "model": "resnet20.onnx",
                  "name": "ResNet-20, centre-cropped",
                  "input": {
                    "colorOrder": "RGB",
                    "pixelRange": [0, 1],
                    "mean": [0.485, 0.456, 0.406],
                    "std": [0.229, 0.224, 0.225],
                    "resize": { "mode": "shortSideCenterCrop", "shortSide": 32 }
                  },
                  "output": { "kind": "logits" },
                  "labels": "cifar10_classes.txt"
                }
                """);
        }
    }
}
