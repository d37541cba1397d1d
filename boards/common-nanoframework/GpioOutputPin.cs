using System;
using System.Device.Gpio;
using NanoTcp.Drivers;

namespace NanoTcp.Boards
{
    /// <summary>A nanoFramework GpioPin as the drivers' IOutputPin (the chip's reset line).</summary>
    public sealed class GpioOutputPin : IOutputPin
    {
        private readonly GpioPin _pin;

        /// <param name="controller">The board's GpioController.</param>
        /// <param name="pinNumber">ESP32 GPIO number.</param>
        /// <param name="initialHigh">Level to drive right after opening; reset lines are
        /// active low, so pass true to keep the chip running until the driver pulses it.</param>
        public GpioOutputPin(GpioController controller, int pinNumber, bool initialHigh)
        {
            if (controller == null)
            {
                throw new ArgumentNullException("controller", "Pass the board's GpioController.");
            }

            _pin = controller.OpenPin(pinNumber, PinMode.Output);
            _pin.Write(initialHigh ? PinValue.High : PinValue.Low);
        }

        public void Write(bool high)
        {
            _pin.Write(high ? PinValue.High : PinValue.Low);
        }
    }

    /// <summary>
    /// The chip's INT output (active low on both W5500 and ENC28J60) read as a level. The app
    /// loop polls the stack early when it is low; polling by deadline still runs, so a missed
    /// or unwired interrupt only costs latency (W5500 INTn is level-type, hw-facts A9.7).
    /// </summary>
    public sealed class GpioInterruptPin : IInputPin
    {
        private readonly GpioPin _pin;

        public GpioInterruptPin(GpioController controller, int pinNumber)
        {
            if (controller == null)
            {
                throw new ArgumentNullException("controller", "Pass the board's GpioController.");
            }

            _pin = controller.OpenPin(pinNumber, PinMode.InputPullUp);
        }

        /// <summary>True while the chip holds INT low.</summary>
        public bool Asserted
        {
            get { return _pin.Read() == PinValue.Low; }
        }

        /// <summary>IInputPin: true when the line reads high (INT idle).</summary>
        public bool Read()
        {
            return _pin.Read() == PinValue.High;
        }
    }
}
