using ConvAD.Engine;

namespace DocSnippets
{
    /// <summary>docs/execution-providers.md.</summary>
    internal static class ExecutionProviderSnippets
    {
        private static void Cuda()
        {
            // snippet:cuda
            var options = new EngineOptions { Provider = ExecutionProvider.Cuda, DeviceId = 0 };
            using var model = ConvAdModel.Load("resnet50.onnx", options);
            // end snippet:cuda
        }
    }
}
