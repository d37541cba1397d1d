using System;
using System.Device.Gpio;
using System.Diagnostics;
using System.Threading;
using NanoTcp.Drivers;

namespace NanoTcp.Boards.Desktop
{
    /// <summary>A GpioController pin as the drivers' IOutputPin (the chip's reset line).</summary>
    public sealed class GpioOutputPin : IOutputPin, IDisposable
    {
        private readonly GpioController _controller;
        private readonly int _pin;

        /// <param name="initialHigh">Reset lines are active low: pass true to keep the chip
        /// running until the driver pulses it.</param>
        public GpioOutputPin(GpioController controller, int pinNumber, bool initialHigh)
        {
            _controller = controller ?? throw new ArgumentNullException(nameof(controller), "Pass the GpioController the pin belongs to.");
            _pin = pinNumber;
            _controller.OpenPin(pinNumber, PinMode.Output);
            _controller.Write(pinNumber, initialHigh ? PinValue.High : PinValue.Low);
        }

        public void Write(bool high) => _controller.Write(_pin, high ? PinValue.High : PinValue.Low);

        public void Dispose() => _controller.ClosePin(_pin);
    }

    /// <summary>The chip's active-low INT output read as a level.</summary>
    public sealed class GpioInterruptPin : IInputPin, IDisposable
    {
        private readonly GpioController _controller;
        private readonly int _pin;

        public GpioInterruptPin(GpioController controller, int pinNumber)
        {
            _controller = controller ?? throw new ArgumentNullException(nameof(controller), "Pass the GpioController the pin belongs to.");
            _pin = pinNumber;
            PinMode mode = controller.IsPinModeSupported(pinNumber, PinMode.InputPullUp) ? PinMode.InputPullUp : PinMode.Input;
            _controller.OpenPin(pinNumber, mode);
        }

        /// <summary>True while the chip holds INT low.</summary>
        public bool Asserted => _controller.Read(_pin) == PinValue.Low;

        /// <summary>IInputPin: true when the line reads high (INT idle).</summary>
        public bool Read() => _controller.Read(_pin) == PinValue.High;

        public void Dispose() => _controller.ClosePin(_pin);
    }

    /// <summary>Thread.Sleep as the drivers' IDelay (only chip start-up waits).</summary>
    public sealed class ThreadDelay : IDelay
    {
        public void SleepMs(int milliseconds) => Thread.Sleep(milliseconds);
    }

    /// <summary>Monotonic milliseconds for Poll(nowMs), from Stopwatch.</summary>
    public sealed class MonotonicClock
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public long NowMs => _watch.ElapsedMilliseconds;
    }
}
