// REFERENCE DECLARATIONS - NEVER SHIPPED, NEVER RUN (throwing bodies).
// Public surface the board apps use from nanoFramework's System.Device.Gpio assembly
// (NuGet nanoFramework.System.Device.Gpio 1.1.62), signatures copied from:
//   repo   nanoframework/System.Device.Gpio, branch main, tag v1.1.62
//   commit cd99158280e0f5c24102981c26baf69facda4d17
//   paths  System.Device.Gpio/GpioController.cs, System.Device.Gpio/GpioPin.cs,
//          System.Device.Gpio/PinMode.cs, System.Device.Gpio/PinValue.cs
// Only members the apps call are declared.

using NanoTcp.NanoFrameworkRefs;

namespace System.Device.Gpio
{
    public sealed class GpioController : IDisposable
    {
        public GpioController() { throw ReferenceOnly.Fail(); }

        public GpioPin OpenPin(int pinNumber) { throw ReferenceOnly.Fail(); }

        public GpioPin OpenPin(int pinNumber, PinMode mode) { throw ReferenceOnly.Fail(); }

        public void ClosePin(int pinNumber) { throw ReferenceOnly.Fail(); }

        public void Dispose() { throw ReferenceOnly.Fail(); }
    }

    public sealed class GpioPin : IDisposable
    {
        private GpioPin() { throw ReferenceOnly.Fail(); }

        public int PinNumber { get { throw ReferenceOnly.Fail(); } }

        public void SetPinMode(PinMode value) { throw ReferenceOnly.Fail(); }

        public PinValue Read() { throw ReferenceOnly.Fail(); }

        public void Write(PinValue value) { throw ReferenceOnly.Fail(); }

        public void Dispose() { throw ReferenceOnly.Fail(); }
    }

    public enum PinMode
    {
        Input,
        InputPullDown,
        InputPullUp,
        Output,
        OutputOpenDrain,
        OutputOpenDrainPullUp,
        OutputOpenSource,
        OutputOpenSourcePullDown
    }

    public readonly struct PinValue
    {
#pragma warning disable CS0169 // keeps the struct the same shape as the real one (one byte)
        private readonly byte _value;
#pragma warning restore CS0169

        public static PinValue High { get { throw ReferenceOnly.Fail(); } }
        public static PinValue Low { get { throw ReferenceOnly.Fail(); } }

        public static implicit operator PinValue(int value) { throw ReferenceOnly.Fail(); }
        public static implicit operator PinValue(bool value) { throw ReferenceOnly.Fail(); }
        public static explicit operator byte(PinValue value) { throw ReferenceOnly.Fail(); }
        public static explicit operator int(PinValue value) { throw ReferenceOnly.Fail(); }
        public static explicit operator bool(PinValue value) { throw ReferenceOnly.Fail(); }

        public bool Equals(PinValue other) { throw ReferenceOnly.Fail(); }
        public override bool Equals(object obj) { throw ReferenceOnly.Fail(); }
        public override int GetHashCode() { throw ReferenceOnly.Fail(); }
        public static bool operator ==(PinValue a, PinValue b) { throw ReferenceOnly.Fail(); }
        public static bool operator !=(PinValue a, PinValue b) { throw ReferenceOnly.Fail(); }
    }
}
