using System.Runtime.CompilerServices;

// ILGPU's CPU accelerator emits a dynamic assembly that must see the internal kernel parameter structs.
[assembly: InternalsVisibleTo("ILGPURuntime")]
