using NanoTcp.Drivers;

namespace NanoTcp.Boards.Tests
{
    /// <summary>
    /// The simplest chip that can show a misplaced byte: it records what MOSI carried in the
    /// last chip-select window and answers on MISO with (position * 7 + 1) XOR the byte it is
    /// receiving, so every answer byte depends on both its position and what was sent.
    /// </summary>
    internal sealed class RecordingChip : ISpiBus
    {
        public readonly byte[] LastMosi = new byte[4096];
        public int LastCount;
        public int Windows;

        public int MaxTransferBytes => 0;

        public static byte Answer(int position, byte mosi) => (byte)((position * 7 + 1) ^ mosi);

        public void TransferFullDuplex(byte[] write, int writeOffset, byte[] read, int readOffset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                byte mosi = write[writeOffset + i];
                LastMosi[i] = mosi;
                read[readOffset + i] = Answer(i, mosi);
            }

            LastCount = count;
            Windows++;
        }
    }
}
