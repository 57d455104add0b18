namespace ConvAD.Onnx
{
    /// <summary>
    /// The protobuf field numbers of onnx.proto (onnx/onnx.proto, IR version 10) that ConvAD reads or writes: one table for
    /// the reader (<see cref="OnnxReader"/>) and the engine's writer, so neither spells a field as a bare number.
    /// </summary>
    internal static class OnnxProto
    {
        /// <summary>ModelProto.</summary>
        public static class Model
        {
            public const int IrVersion = 1;
            public const int ProducerName = 2;
            public const int Graph = 7;
            public const int OpsetImport = 8;
        }

        /// <summary>OperatorSetIdProto.</summary>
        public static class OperatorSetId
        {
            public const int Domain = 1;
            public const int Version = 2;
        }

        /// <summary>GraphProto.</summary>
        public static class Graph
        {
            public const int Node = 1;
            public const int Name = 2;
            public const int Initializer = 5;
            public const int Input = 11;
            public const int Output = 12;
            public const int ValueInfo = 13;
        }

        /// <summary>NodeProto.</summary>
        public static class Node
        {
            public const int Input = 1;
            public const int Output = 2;
            public const int Name = 3;
            public const int OpType = 4;
            public const int Attribute = 5;
            public const int Domain = 7;
        }

        /// <summary>AttributeProto.</summary>
        public static class Attribute
        {
            public const int Name = 1;
            public const int Float = 2;
            public const int Int = 3;
            public const int String = 4;
            public const int Tensor = 5;
            public const int Graph = 6;
            public const int Floats = 7;
            public const int Ints = 8;
            public const int Graphs = 11;
            public const int Type = 20;
        }

        /// <summary>TensorProto.</summary>
        public static class Tensor
        {
            public const int Dims = 1;
            public const int DataType = 2;
            public const int FloatData = 4;
            public const int Int32Data = 5;
            public const int Int64Data = 7;
            public const int DoubleData = 10;
            public const int Uint64Data = 11;
            public const int Name = 8;
            public const int RawData = 9;
            public const int DataLocation = 14;
        }

        /// <summary>ValueInfoProto.</summary>
        public static class ValueInfo
        {
            public const int Name = 1;
            public const int Type = 2;
        }

        /// <summary>TypeProto (only its tensor case).</summary>
        public static class Type
        {
            public const int TensorType = 1;
        }

        /// <summary>TypeProto.Tensor.</summary>
        public static class TensorType
        {
            public const int ElementType = 1;
            public const int Shape = 2;
        }

        /// <summary>TensorShapeProto.</summary>
        public static class TensorShape
        {
            public const int Dim = 1;
        }

        /// <summary>TensorShapeProto.Dimension.</summary>
        public static class Dimension
        {
            public const int DimValue = 1;
            public const int DimParam = 2;
        }

        /// <summary>TensorProto.DataLocation's value for weights kept in an external file.</summary>
        public const int DataLocationExternal = 1;
    }
}
