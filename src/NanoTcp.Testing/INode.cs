namespace NanoTcp.Testing
{
    /// <summary>Anything on the virtual network that the network polls: devices, hosts, raw peers.</summary>
    public interface INode
    {
        string Name { get; }
        void Poll(long nowMs);
        /// <summary>Earliest absolute time the node has timer work, or long.MaxValue.</summary>
        long NextDeadline(long nowMs);
    }
}
