namespace ConvAD.Gpu
{
    /// <summary>Where the ConvAD kernels run.</summary>
    public enum DeviceKind
    {
        /// <summary>The same kernels on ILGPU's CPU accelerator (emulating an NVIDIA warp): for tests and machines without a GPU.</summary>
        CudaEmulated,

        /// <summary>An NVIDIA GPU through ILGPU's CUDA backend (needs only the display driver).</summary>
        Cuda,
    }
}
