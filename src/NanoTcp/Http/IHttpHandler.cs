namespace NanoTcp.Http
{
    /// <summary>
    /// Answers the requests of one route. Registered once at start-up with
    /// HttpServer.Route / RoutePrefix (an object, not a closure: nanoFramework-friendly and
    /// allocation-free). Handle runs inside HttpServer.Poll; it fills the response (status,
    /// content type, headers, body bytes or a byte[] resource) and returns. It must not
    /// keep the request or response objects: both are reused for the next request.
    /// For HEAD the server sends the head of the GET response and no body, so handlers
    /// need not care.
    /// </summary>
    public interface IHttpHandler
    {
        void Handle(HttpRequest request, HttpResponse response);
    }
}
